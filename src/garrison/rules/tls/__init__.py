"""tls rules."""

MODULES: tuple[str, ...] = ()
