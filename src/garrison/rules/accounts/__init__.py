"""accounts rules."""

MODULES: tuple[str, ...] = ()
