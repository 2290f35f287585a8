"""postgresql rules: listening, TLS, authentication records, logging, file modes and role attributes."""

#: Every rule here takes the PostgreSQL facts first: where the pack says its subject is absent
#: (`facts.catalog.SUBJECT_GATES`), an audit does not import these modules (`rules.index.catalog_for`).
SUBJECT = "garrison.facts.postgresql"

MODULES: tuple[str, ...] = (
    "garrison.rules.postgresql.network",
    "garrison.rules.postgresql.hba",
    "garrison.rules.postgresql.settings",
    "garrison.rules.postgresql.roles",
    "garrison.rules.postgresql.validity",
)
