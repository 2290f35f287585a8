"""secrets rules: proxy secrets, secret files and service logs."""

MODULES: tuple[str, ...] = (
    "garrison.rules.secrets.proxy",
    "garrison.rules.secrets.files",
)
