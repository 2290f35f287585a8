"""sip rules."""

MODULES: tuple[str, ...] = ()
