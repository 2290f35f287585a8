"""kernel rules."""

MODULES: tuple[str, ...] = ()
