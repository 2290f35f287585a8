"""systemd rules."""

MODULES: tuple[str, ...] = (
    "garrison.rules.systemd.sandbox",
    "garrison.rules.systemd.filesystem",
    "garrison.rules.systemd.privileges",
    "garrison.rules.systemd.validity",
)
