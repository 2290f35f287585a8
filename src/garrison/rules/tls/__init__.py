"""tls rules: certificates, keys and DH parameters that services use or that sit in usual places."""

MODULES: tuple[str, ...] = (
    "garrison.rules.tls.validity",
    "garrison.rules.tls.certs",
    "garrison.rules.tls.keys",
)
