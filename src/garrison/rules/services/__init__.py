"""services rules: unneeded daemons off, security daemons on (systemd unit enablement)."""

MODULES: tuple[str, ...] = ("garrison.rules.services.units",)
