"""exposure rules."""

MODULES: tuple[str, ...] = ()
