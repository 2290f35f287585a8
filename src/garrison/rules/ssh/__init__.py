"""ssh rules."""

MODULES: tuple[str, ...] = ()
