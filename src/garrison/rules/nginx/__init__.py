"""nginx rules: TLS settings, security headers and their inheritance, server hygiene."""

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
