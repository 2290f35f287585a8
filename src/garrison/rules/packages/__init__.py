"""packages rules."""

MODULES: tuple[str, ...] = ()
