"""ejabberd rules."""

MODULES: tuple[str, ...] = ()
