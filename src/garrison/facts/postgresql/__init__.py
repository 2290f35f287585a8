"""PostgreSQL facts: every cluster's effective settings and pg_hba.conf, and live role attributes."""

from __future__ import annotations

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


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {PostgresFacts: gather_postgresql}
