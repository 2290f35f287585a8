"""Helpers for the PostgreSQL rules: judge every cluster, fold the verdicts into one outcome.

A cluster whose postgresql.conf chain (or pg_hba.conf, for the hba rules) has a syntax error, a missing
include or an include loop is an `error` at that file:line: PostgreSQL itself refuses to start with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from garrison.facts.placeholders import has_placeholder
from garrison.facts.postgresql import PgCluster, PostgresFacts
from garrison.facts.postgresql.model import PLACEHOLDER_ISSUE
from garrison.facts.quoting import shown
from garrison.model import Evidence, Outcome, Status, errored, evidence, failed, passed, unknown
from garrison.rules.wording import nothing_to_check

ClusterCheck = Callable[[PgCluster], Outcome]


def judge_clusters(pg: PostgresFacts, check: ClusterCheck, what: str, *, needs_hba: bool = False) -> Outcome:
    verdicts: list[Outcome] = []
    for cluster in pg.clusters:
        issues = cluster.conf_issues + (cluster.hba_issues if needs_hba else ())
        real = [i for i in issues if not i.message.startswith(PLACEHOLDER_ISSUE)]
        if issues:
            first = real[0] if real else issues[0]
            build = errored if real else unknown
            verdicts.append(build(f"cluster {cluster.label}: {first}", Evidence(first.location, None)))
            continue
        verdicts.append(check(cluster))
    if not verdicts:
        return nothing_to_check("no PostgreSQL cluster is configured")
    for status, build in ((Status.FAIL, failed), (Status.ERROR, errored), (Status.UNKNOWN, unknown)):
        chosen = [o for o in verdicts if o.status == status]
        if chosen:
            return build("; ".join(o.message for o in chosen), *(e for o in chosen for e in o.evidence))
    return passed(
        f"{what}: " + "; ".join(o.message for o in verdicts), *(e for o in verdicts for e in o.evidence)
    )


def setting(cluster: PgCluster, name: str, expected: object) -> tuple[str, Evidence, Outcome | None]:
    """The effective value, its evidence (the line, or postgresql.conf with line None and the default)
    and an `unknown` outcome when the value is an unrendered placeholder."""
    found = cluster.get(name)
    if found is None:
        value = cluster.value(name)
        return value, evidence(cluster.conf_path, None, value, expected), None
    where = evidence(found.location.path, found.location.line, found.value, expected)
    if has_placeholder(found.value):
        return (
            found.value,
            where,
            unknown(f"cluster {cluster.label}: {name} is an unrendered placeholder", where),
        )
    return found.value, where, None


def safe(where: Evidence) -> Evidence:
    """`where` for an `error` outcome: the value only if it reads as a keyword (`garrison.facts.quoting`)."""
    return replace(where, actual=None if where.actual is None else shown(where.actual))


def describe(cluster: PgCluster, name: str, value: str) -> str:
    origin = "" if cluster.get(name) is not None else " (default)"
    return f"cluster {cluster.label}: {name} = '{value}'{origin}"
