"""packages rules: security tooling installed, legacy services absent, holds, automatic upgrades, the
security suite and its updates, signed repositories, pending reboots and restarts."""

MODULES: tuple[str, ...] = (
    "garrison.rules.packages.installed",
    "garrison.rules.packages.updates",
    "garrison.rules.packages.apt",
    "garrison.rules.packages.restart",
)
