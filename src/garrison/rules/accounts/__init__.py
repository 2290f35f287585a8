"""accounts rules: users and groups, password storage and policy, sudo."""

MODULES: tuple[str, ...] = (
    "garrison.rules.accounts.users",
    "garrison.rules.accounts.passwords",
    "garrison.rules.accounts.sudo",
)
