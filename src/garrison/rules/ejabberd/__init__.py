"""ejabberd rules (ejabberd 21.12-24.12 semantics and defaults; 23.01 when the version is unknown)."""

MODULES: tuple[str, ...] = (
    "garrison.rules.ejabberd.tls",
    "garrison.rules.ejabberd.auth",
    "garrison.rules.ejabberd.login",
    "garrison.rules.ejabberd.exposure",
    "garrison.rules.ejabberd.erlang",
    "garrison.rules.ejabberd.ops",
    "garrison.rules.ejabberd.proxy",
)
