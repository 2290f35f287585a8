"""PostgreSQL role attributes of application roles (pg_roles, live hosts only).

The bootstrap superuser `postgres` is left out: it must keep its attributes. Offline, the outcome is
`unknown`: role attributes live in the database, not in configuration files.
"""

from __future__ import annotations

from dataclasses import replace

from garrison.facts.postgresql import PgRole, PostgresFacts
from garrison.model import Outcome, Relation, Severity, Status, Wanted, failed, passed, unknown
from garrison.rules.expect import Effective, Source, fold
from garrison.rules.registry import rule
from garrison.rules.wording import listing, plural

_GUIDE = ("guide:002 Step 7: Give ejabberd minimal database privileges",)
_BOOTSTRAP = frozenset({"postgres"})


def _attribute(role: PgRole, attribute: str, label: str) -> Outcome:
    """One role's verdict, cited at the live role list (the attribute is `label`, ALTER ROLE's word)."""
    has = bool(getattr(role, attribute))
    said = f"role {role.name} has {label} (pg_roles)" if has else f"role {role.name} has no {label}"
    value = Effective(has, said, role.setting(label), None, Source.LIVE)
    where = value.cite(f"no {label}", wanted=Wanted(Relation.ABSENT))
    return failed(said, where) if has else passed(said, where)


def _judge(pg: PostgresFacts, attribute: str, label: str) -> Outcome:
    if pg.roles is None:
        return unknown(f"cannot judge {label}: {pg.roles_note}")
    apps = [r for r in pg.roles if r.name not in _BOOTSTRAP]
    judged = [(r.name, _attribute(r, attribute, label)) for r in apps]
    outcome = fold(
        judged,
        passed_message=f"no application role has {label} ({plural(len(apps), 'role')} checked)",
        nothing="no application role besides postgres",
    )
    if outcome.status is Status.FAIL:
        bad = [name for name, verdict in judged if verdict.status is Status.FAIL]
        return replace(
            outcome, message=f"{plural(len(bad), 'application role')} with {label}: {listing(bad)}"
        )
    return outcome


@rule(
    id="postgresql.role-superuser",
    title="Application database roles are not superusers",
    problem="An application database role is a superuser",
    severity=Severity.HIGH,
    rationale="A superuser role can read every database, run programs as the postgres user and load code "
    "into the server, so an SQL injection in the application becomes a host compromise.",
    remediation="ALTER ROLE <app> NOSUPERUSER;",
    references=_GUIDE,
)
def role_superuser(postgresql: PostgresFacts) -> Outcome:
    return _judge(postgresql, "superuser", "SUPERUSER")


@rule(
    id="postgresql.role-createdb",
    title="Application database roles cannot create databases",
    problem="An application database role can create databases",
    severity=Severity.MEDIUM,
    rationale="CREATEDB lets a compromised application fill the disk with new databases and own objects "
    "outside the database it was given.",
    remediation="ALTER ROLE <app> NOCREATEDB;",
    references=_GUIDE,
)
def role_createdb(postgresql: PostgresFacts) -> Outcome:
    return _judge(postgresql, "createdb", "CREATEDB")


@rule(
    id="postgresql.role-replication",
    title="Application database roles cannot stream replication",
    problem="An application database role can stream replication",
    severity=Severity.MEDIUM,
    rationale="A REPLICATION role can copy the entire cluster, every database and every password verifier "
    "included, through a base backup.",
    remediation="ALTER ROLE <app> NOREPLICATION;",
    references=_GUIDE,
)
def role_replication(postgresql: PostgresFacts) -> Outcome:
    return _judge(postgresql, "replication", "REPLICATION")
