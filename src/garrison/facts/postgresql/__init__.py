"""PostgreSQL facts: every cluster's effective settings and pg_hba.conf, and live role attributes."""

from __future__ import annotations

from garrison.facts.postgresql.gather import gather_postgresql
from garrison.facts.postgresql.model import HbaEntry, PgCluster, PgRole, PgSetting, PostgresFacts
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = ["HbaEntry", "PgCluster", "PgRole", "PgSetting", "PostgresFacts", "gather_postgresql", "gatherers"]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {PostgresFacts: gather_postgresql}
