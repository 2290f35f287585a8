"""Prosody rules (the installed release's semantics and defaults: 0.11, 0.12, 13.0; 0.12.3 when unknown)."""

#: Every rule here takes the Prosody facts first: where the pack says its subject is absent
#: (`facts.catalog.SUBJECT_GATES`), an audit does not import these modules (`rules.index.catalog_for`).
SUBJECT = "garrison.facts.prosody"

MODULES: tuple[str, ...] = (
    "garrison.rules.prosody.encryption",
    "garrison.rules.prosody.auth",
    "garrison.rules.prosody.limits",
    "garrison.rules.prosody.exposure",
    "garrison.rules.prosody.ops",
    "garrison.rules.prosody.options",
    "garrison.rules.prosody.secrets",
)
