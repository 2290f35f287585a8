"""PostgreSQL facts: every cluster's effective settings and pg_hba.conf, and live role attributes.

A lazy face (`facts.lazyface`): `presence` answers whether PostgreSQL is a subject here without loading the
models and parsers below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from garrison.facts.lazyface import homes, lazy_face

if TYPE_CHECKING:
    from garrison.facts.postgresql.gather import gather_postgresql
    from garrison.facts.postgresql.model import (
        ROLES_SOURCE,
        HbaEntry,
        PgCluster,
        PgRole,
        PgSetting,
        PostgresFacts,
        pg_bool,
    )
    from garrison.facts.store import Gatherer
    from garrison.options import AuditOptions

__all__ = [
    "ROLES_SOURCE",
    "HbaEntry",
    "PgCluster",
    "PgRole",
    "PgSetting",
    "PostgresFacts",
    "gather_postgresql",
    "gatherers",
    "pg_bool",
]

__getattr__ = lazy_face(
    __name__,
    homes(**{
        "garrison.facts.postgresql.gather": ("gather_postgresql",),
        "garrison.facts.postgresql.model": (
            "ROLES_SOURCE", "HbaEntry", "PgCluster", "PgRole", "PgSetting", "PostgresFacts", "pg_bool",
        ),
    }),
)  # fmt: skip


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.postgresql.gather import gather_postgresql
    from garrison.facts.postgresql.model import PostgresFacts

    return {PostgresFacts: gather_postgresql}
