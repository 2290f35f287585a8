"""sip rules: Kamailio and other SIP servers, their sockets and media ports."""

MODULES: tuple[str, ...] = (
    "garrison.rules.sip.kamailio",
    "garrison.rules.sip.transport",
    "garrison.rules.sip.operations",
    "garrison.rules.sip.tls",
    "garrison.rules.sip.database",
)
