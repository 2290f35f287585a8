"""services rules."""

MODULES: tuple[str, ...] = ()
