"""accounts rules: users and groups, password storage and policy, sudo."""

MODULES: tuple[str, ...] = (
    "garrison.rules.accounts.users",
    "garrison.rules.accounts.passwords",
    "garrison.rules.accounts.sudo",
    "garrison.rules.accounts.pam",
    "garrison.rules.accounts.environment",
    "garrison.rules.accounts.homes",
)
