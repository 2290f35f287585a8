"""Whether PostgreSQL is certainly not a subject on the target, without loading the PostgreSQL pack: no
cluster's postgresql.conf in postgresql-common's layout or the other data-directory layouts. Where there is
one, `gather_postgresql` decides (a cluster whose start.conf says `disabled` does not count)."""

from __future__ import annotations

from garrison.options import AuditOptions
from garrison.targets.base import Target

CLUSTER_CONFIGS = "/etc/postgresql/*/*/postgresql.conf"
OTHER_LAYOUTS = ("/var/lib/pgsql/data/postgresql.conf", "/var/lib/postgresql/data/postgresql.conf")
ABSENT = "no PostgreSQL cluster configuration (/etc/postgresql/<version>/<cluster>)"


def absence(target: Target, options: AuditOptions) -> str | None:
    """Why PostgreSQL is not a subject here, or None when it is or may be."""
    if target.glob(CLUSTER_CONFIGS) or any(target.stat(p) is not None for p in OTHER_LAYOUTS):
        return None
    return ABSENT
