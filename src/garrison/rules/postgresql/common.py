"""Helpers for the PostgreSQL rules: judge every cluster, fold the verdicts into one outcome.

A cluster whose postgresql.conf chain (or pg_hba.conf, for the hba rules) has a syntax error, an unknown
setting name, a missing include or an include loop is one PostgreSQL refuses to start with:
`postgresql.config-valid` reports that at file:line, and every other rule still judges what can be read,
saying in its message that the verdict comes from a refused configuration (and citing the refusal as
context). Only when the file itself cannot be read is the outcome an `error`.
Settings come from the pack as the shared `Effective` (`PgCluster.effective`, the built-in default when not
set), scoped to the cluster ("15/main"), and are cited as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from garrison.facts.placeholders import has_placeholder
from garrison.facts.postgresql import HbaEntry, PgCluster, PostgresFacts, pg_bool
from garrison.facts.quoting import shown
from garrison.model import (
    Evidence,
    EvidenceRole,
    Outcome,
    ParseIssue,
    Relation,
    Wanted,
    errored,
    failed,
    passed,
    unknown,
)
from garrison.rules.expect import context, fold, unusable

ClusterCheck = Callable[[PgCluster], Outcome]


def judge_clusters(pg: PostgresFacts, check: ClusterCheck, what: str, *, needs_hba: bool = False) -> Outcome:
    """Run `check` on every cluster; `what` names the property in the passing message."""

    def judged(cluster: PgCluster) -> Outcome:
        refusals = cluster.refusals(with_hba=needs_hba)
        found = cluster.first_issue(with_hba=needs_hba)
        if found is None and not refusals:
            return check(cluster)
        if refusals and cluster.readable(with_hba=needs_hba) and (found is None or not found[1]):
            return from_refused(cluster, check(cluster), refusals[0])
        issue, placeholder = found if found is not None else (refusals[0], False)
        build = unknown if placeholder else errored
        return build(f"cluster {cluster.label}: {issue}", unusable(issue.location))

    def complies(items: list[tuple[str, Outcome]]) -> str:
        return f"{what}: " + "; ".join(o.message for _, o in items)

    return fold(
        ((cluster.label, judged(cluster)) for cluster in pg.clusters),
        passed_message=complies,
        nothing="no PostgreSQL cluster is configured",
        prefix=False,
    )


def from_refused(cluster: PgCluster, outcome: Outcome, refusal: ParseIssue) -> Outcome:
    """`outcome`, judged from files the server refuses: said in the message, the refusal cited as context."""
    note = f" (read from a configuration PostgreSQL refuses: {refusal.location})"
    frame = context(refusal.location.path, refusal.location.line, "refused", subject=cluster.label)
    return replace(outcome, message=outcome.message + note, evidence=(*outcome.evidence, frame))


def setting(
    cluster: PgCluster, name: str, expected: str, relation: Relation = Relation.EQUALS
) -> tuple[str, Evidence, Outcome | None]:
    """The effective value, its evidence (the line, or postgresql.conf with line None and the default)
    and an `unknown` outcome when the value is an unrendered placeholder."""
    value = cluster.effective(name)
    where = value.cite(expected, wanted=Wanted(relation, (expected,)))
    broken = cluster.unreadable.get(name)
    if broken is not None:
        said = f"cluster {cluster.label}: the server cannot read the value of {name} ({broken})"
        return value.value, where, errored(said, unusable(broken, subject=cluster.label))
    if not value.is_default and has_placeholder(value.value):
        return (
            value.value,
            where,
            unknown(f"cluster {cluster.label}: {name} is an unrendered placeholder", where),
        )
    return value.value, where, None


def ssl_on(cluster: PgCluster) -> bool:
    return pg_bool(cluster.value("ssl")) is True


def judge_setting(
    cluster: PgCluster,
    name: str,
    expected: str,
    fault: Callable[[str], str | None],
    *,
    relation: Relation = Relation.EQUALS,
    boolean: bool = False,
    unless_ssl_off: str | None = None,
) -> Outcome:
    """Judge the effective `name`: `fault(value)` says what is wrong with it (appended to its description
    in the failing message) or None (it passes). A `boolean` setting that does not read as one is an
    `error`; with `unless_ssl_off` (what TLS property there is then none of), a cluster with ssl off
    passes without judging the value."""
    value, where, problem = setting(cluster, name, expected, relation)
    if problem is not None:
        return problem
    if boolean and pg_bool(value) is None:
        return not_boolean(cluster, name, value, where)
    if unless_ssl_off is not None and not ssl_on(cluster):
        return passed(f"cluster {cluster.label}: ssl is off, no {unless_ssl_off} to judge", where)
    wrong = fault(value)
    said = describe(cluster, name, value)
    return passed(said, where) if wrong is None else failed(said + wrong, where)


def not_boolean(cluster: PgCluster, name: str, value: str, where: Evidence) -> Outcome:
    """The `error` for a boolean setting whose value PostgreSQL would refuse."""
    return errored(f"cluster {cluster.label}: {name} = '{shown(value)}' is not a boolean", safe(where))


def record(
    cluster: PgCluster,
    entry: HbaEntry,
    actual: str,
    expected: str | None = None,
    wanted: Wanted | None = None,
) -> Evidence:
    """Evidence at a pg_hba.conf record (role SETTING), the record being the setting."""
    ref = entry.setting(cluster.label)
    return Evidence(entry.location, actual, expected, EvidenceRole.SETTING, ref, cluster.label, wanted)


def safe(where: Evidence) -> Evidence:
    """`where` for an `error` outcome: the value only if it reads as a keyword (`garrison.facts.quoting`)."""
    return replace(where, actual=None if where.actual is None else shown(where.actual))


def describe(cluster: PgCluster, name: str, value: str) -> str:
    origin = "" if cluster.get(name) is not None else " (default)"
    return f"cluster {cluster.label}: {name} = '{value}'{origin}"
