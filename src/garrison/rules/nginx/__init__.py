"""nginx rules: TLS settings, security headers and their inheritance, server hygiene."""

#: Every rule here takes the nginx facts first: where the pack says its subject is absent
#: (`facts.catalog.SUBJECT_GATES`), an audit does not import these modules (`rules.index.catalog_for`).
SUBJECT = "garrison.facts.nginx"

MODULES: tuple[str, ...] = (
    "garrison.rules.nginx.tls",
    "garrison.rules.nginx.ciphers",
    "garrison.rules.nginx.headers",
    "garrison.rules.nginx.inheritance",
    "garrison.rules.nginx.server",
    "garrison.rules.nginx.validity",
    "garrison.rules.nginx.listen",
    "garrison.rules.nginx.backends",
)
