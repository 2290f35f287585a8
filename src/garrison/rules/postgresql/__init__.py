"""postgresql rules."""

MODULES: tuple[str, ...] = ()
