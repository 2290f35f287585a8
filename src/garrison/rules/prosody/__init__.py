"""prosody rules."""

MODULES: tuple[str, ...] = ()
