"""ejabberd rules (ejabberd 23.01 semantics and defaults)."""

MODULES: tuple[str, ...] = (
    "garrison.rules.ejabberd.tls",
    "garrison.rules.ejabberd.auth",
    "garrison.rules.ejabberd.exposure",
    "garrison.rules.ejabberd.erlang",
    "garrison.rules.ejabberd.ops",
    "garrison.rules.ejabberd.proxy",
)
