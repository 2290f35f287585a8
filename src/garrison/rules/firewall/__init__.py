"""firewall rules."""

MODULES: tuple[str, ...] = ()
