"""systemd rules."""

MODULES: tuple[str, ...] = ()
