"""filesystem rules."""

MODULES: tuple[str, ...] = ()
