"""postgresql rules: listening, TLS, authentication records, logging, file modes and role attributes."""

MODULES: tuple[str, ...] = (
    "garrison.rules.postgresql.network",
    "garrison.rules.postgresql.hba",
    "garrison.rules.postgresql.settings",
    "garrison.rules.postgresql.roles",
    "garrison.rules.postgresql.validity",
)
