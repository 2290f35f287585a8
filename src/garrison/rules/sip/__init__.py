"""sip rules: Kamailio and other SIP servers, their sockets and media ports."""

#: Every rule here takes the sip facts first: where the sip pack says its subject is absent
#: (`facts.catalog.SUBJECT_GATES`), an audit does not import these modules (`rules.index.catalog_for`).
SUBJECT = "garrison.facts.sip"

MODULES: tuple[str, ...] = (
    "garrison.rules.sip.kamailio",
    "garrison.rules.sip.transport",
    "garrison.rules.sip.operations",
    "garrison.rules.sip.tls",
    "garrison.rules.sip.database",
)
