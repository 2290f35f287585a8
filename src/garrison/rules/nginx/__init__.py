"""nginx rules."""

MODULES: tuple[str, ...] = ()
