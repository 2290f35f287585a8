"""Whether PostgreSQL starts with its configuration: syntax, unknown setting names, includes, pg_hba.conf.

The server refuses to start (and a reload applies nothing of a broken file's changes) on any syntax error,
unreadable include or unknown setting name; setting names are checked against the cluster's own release
(`facts.postgresql.releases`: 14 to 17, the reference 15 when the version is not known).
"""

from __future__ import annotations

from garrison.facts.postgresql import PgCluster, PostgresFacts
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Outcome,
    Relation,
    SettingRef,
    Severity,
    Wanted,
    errored,
    failed,
    passed,
    unknown,
)
from garrison.rules.expect import fold, unusable, whole_file
from garrison.rules.registry import rule
from garrison.rules.wording import counted, listing, plural


def _unknown_name(cluster: PgCluster, index: int) -> Evidence:
    setting = cluster.unknown[index]
    ref = SettingRef(Dialect.POSTGRESQL, setting.location.path, setting.name, cluster.label)
    return Evidence(
        setting.location,
        setting.name,
        f"a setting PostgreSQL {cluster.version} knows",
        EvidenceRole.SETTING,
        ref,
        cluster.label,
        Wanted(Relation.ABSENT),
    )


def _valid(cluster: PgCluster) -> Outcome:
    note = f" ({cluster.version_note})" if cluster.version_note else ""
    label = f"cluster {cluster.label}"
    other = [i for i in cluster.refusals(with_hba=True) if not i.message.startswith("unrecognized config")]
    problems = tuple(unusable(i.location, subject=cluster.label) for i in other)
    if cluster.unknown:
        names = listing(sorted({s.name for s in cluster.unknown}), limit=5)
        said = f"{label}: {counted(len(cluster.unknown), 'setting name', 'is', 'are')} unknown to PostgreSQL"
        unknowns = tuple(_unknown_name(cluster, i) for i in range(len(cluster.unknown)))
        return failed(f"{said} {cluster.version}{note}: {names}", *unknowns, *problems)
    if other:
        first = other[0]
        more = f" (and {plural(len(other) - 1, 'more problem')})" if len(other) > 1 else ""
        return errored(f"{label}: PostgreSQL refuses {first}{more}", *problems)
    found = cluster.first_issue(with_hba=True)
    if found is not None:
        return unknown(f"{label}: {found[0]}", unusable(found[0].location, subject=cluster.label))
    files = plural(len(cluster.files), "configuration file")
    return passed(
        f"{label}: PostgreSQL {cluster.version} accepts its {files}{note}",
        whole_file(cluster.conf_path, files, subject=cluster.label),
    )


@rule(
    id="postgresql.config-valid",
    title="PostgreSQL accepts its configuration files",
    problem="PostgreSQL's configuration has a setting name the server does not know",
    severity=Severity.MEDIUM,
    rationale="PostgreSQL refuses to start with a file it cannot read, and a misspelt or removed setting "
    "name never takes effect, so the hardening it was meant to apply is not there.",
    remediation="Correct the name (postgres -C <name> checks it) or remove the line",
    references=("guide:002 Step 7: Harden PostgreSQL",),
)
def config_valid(postgresql: PostgresFacts) -> Outcome:
    return fold(
        ((cluster.label, _valid(cluster)) for cluster in postgresql.clusters),
        passed_message=lambda items: "; ".join(o.message for _, o in items),
        nothing="no PostgreSQL cluster is configured",
        prefix=False,
    )
