"""ejabberd rules (ejabberd 21.12-24.12 semantics and defaults; 23.01 when the version is unknown)."""

#: Every rule here takes the ejabberd facts first: where the ejabberd pack says its subject is absent
#: (`facts.catalog.SUBJECT_GATES`), an audit does not import these modules (`rules.index.catalog_for`).
SUBJECT = "garrison.facts.ejabberd"

MODULES: tuple[str, ...] = (
    "garrison.rules.ejabberd.tls",
    "garrison.rules.ejabberd.auth",
    "garrison.rules.ejabberd.login",
    "garrison.rules.ejabberd.exposure",
    "garrison.rules.ejabberd.erlang",
    "garrison.rules.ejabberd.ops",
    "garrison.rules.ejabberd.proxy",
)
