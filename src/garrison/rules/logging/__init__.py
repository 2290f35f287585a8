"""logging rules: logs that survive a reboot, a copy kept on another host, a synchronised clock."""

MODULES: tuple[str, ...] = (
    "garrison.rules.logging.logs",
    "garrison.rules.logging.clock",
)
