"""Prosody rules (Prosody 0.12.3 semantics and defaults)."""

MODULES: tuple[str, ...] = (
    "garrison.rules.prosody.encryption",
    "garrison.rules.prosody.auth",
    "garrison.rules.prosody.limits",
    "garrison.rules.prosody.exposure",
    "garrison.rules.prosody.ops",
)
