"""packages rules: security tooling installed, legacy services absent, holds, automatic upgrades."""

MODULES: tuple[str, ...] = (
    "garrison.rules.packages.installed",
    "garrison.rules.packages.updates",
)
