"""kernel rules: sysctl parameters from the hardening guides, judged by systemd-sysctl's precedence."""

MODULES: tuple[str, ...] = (
    "garrison.rules.kernel.redirects",
    "garrison.rules.kernel.network",
    "garrison.rules.kernel.process",
    "garrison.rules.kernel.config",
    "garrison.rules.kernel.protection",
    "garrison.rules.kernel.links",
    "garrison.rules.kernel.modules",
    "garrison.rules.kernel.apparmor",
)
