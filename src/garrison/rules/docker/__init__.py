"""docker rules."""

MODULES: tuple[str, ...] = ()
