"""pg_hba.conf client authentication records (PostgreSQL 15; Debian's template: peer locally, scram-sha-256
on loopback TCP, plus replication lines).

Only records a connection can reach are judged: one that an earlier record shadows (the first matching
record decides, `PgCluster.applying_hba`) never applies, and the passing message counts it.
"""

from __future__ import annotations

from collections.abc import Callable

from garrison.facts.postgresql import HbaEntry, PgCluster, PostgresFacts
from garrison.model import Outcome, Relation, Severity, Wanted, failed, passed
from garrison.rules.expect import whole_file
from garrison.rules.postgresql.common import judge_clusters, record
from garrison.rules.registry import rule
from garrison.rules.wording import counted, nothing_to_check, plural

_GUIDE = ("guide:002 Step 7: Use scram-sha-256 authentication",)


def _line(entry: HbaEntry) -> str:
    parts = [entry.conntype, ",".join(entry.databases), ",".join(entry.users), entry.address, entry.method]
    return " ".join(p for p in parts if p)


def _shadowed_note(cluster: PgCluster, matches: Callable[[HbaEntry], bool]) -> str:
    hidden = [e for e in cluster.shadowed if matches(e)]
    if not hidden:
        return ""
    first = hidden[0]
    winner = cluster.shadowed[first].location
    hidden_count = counted(len(hidden), "matching record", "is", "are")
    return f" ({hidden_count} shadowed, e.g. {first.location} by {winner})"


def _records(
    pg: PostgresFacts, matches: Callable[[HbaEntry], bool], problem: tuple[str, str], expected: str, what: str
) -> Outcome:
    """Every cluster's pg_hba.conf records that `matches` fail it; `problem` is the verb phrase for one
    record and for several: ("uses trust", "use trust"); `what` names the property in the passing message."""

    def check(cluster: PgCluster) -> Outcome:
        applying = cluster.applying_hba
        bad = [e for e in applying if matches(e)]
        if bad:
            return failed(
                f"cluster {cluster.label}: {counted(len(bad), 'pg_hba.conf record', *problem)}",
                *(record(cluster, e, _line(e), expected) for e in bad),
            )
        count = len(applying)
        if not count:
            return nothing_to_check(f"cluster {cluster.label}: pg_hba.conf has no record")
        if count == 1:
            said = f"its only pg_hba.conf record does not {problem[1]}"
        else:
            said = f"none of the {count} pg_hba.conf records {problem[1]}"
        said += _shadowed_note(cluster, matches)
        return passed(
            f"cluster {cluster.label}: {said}",
            whole_file(cluster.hba_path, plural(count, "record"), expected, subject=cluster.label),
        )

    return judge_clusters(pg, check, what, needs_hba=True)


@rule(
    id="postgresql.hba-trust",
    title="No pg_hba.conf record uses trust authentication",
    problem="A pg_hba.conf record uses trust authentication",
    severity=Severity.HIGH,
    rationale="trust lets anyone who can reach the socket or port log in as any database user, superuser "
    "included, without a password.",
    remediation="local all all peer\nhost all all 127.0.0.1/32 scram-sha-256",
    references=("guide:002 Step 7: Never use trust authentication",),
)
def hba_trust(postgresql: PostgresFacts) -> Outcome:
    uses = ("uses trust (no password)", "use trust (no password)")
    return _records(postgresql, lambda e: e.method == "trust", uses, "scram-sha-256 or peer", "trust")


@rule(
    id="postgresql.hba-password-plain",
    title="No pg_hba.conf record sends passwords in clear text",
    problem="A pg_hba.conf record sends passwords in clear text",
    severity=Severity.HIGH,
    rationale="The password method sends the password itself over the connection, readable by anyone on the "
    "path when the connection is not encrypted and by the server in any case.",
    remediation="host all all 127.0.0.1/32 scram-sha-256",
    references=_GUIDE,
)
def hba_password_plain(postgresql: PostgresFacts) -> Outcome:
    uses = ("uses the clear-text password method", "use the clear-text password method")
    return _records(postgresql, lambda e: e.method == "password", uses, "scram-sha-256", "password")


@rule(
    id="postgresql.hba-md5",
    title="TCP connections to PostgreSQL authenticate with SCRAM, not md5",
    problem="A TCP record in pg_hba.conf authenticates with md5",
    severity=Severity.MEDIUM,
    rationale="md5 authentication is deprecated: the stored hash is password-equivalent and the exchange is "
    "open to replay and offline guessing; scram-sha-256 fixes both.",
    remediation="host all all 127.0.0.1/32 scram-sha-256  (re-set passwords with password_encryption = "
    "scram-sha-256)",
    references=_GUIDE,
)
def hba_md5(postgresql: PostgresFacts) -> Outcome:
    uses = ("uses md5 over TCP", "use md5 over TCP")
    return _records(postgresql, lambda e: e.network and e.method == "md5", uses, "scram-sha-256", "md5")


@rule(
    id="postgresql.hba-ident",
    title="No TCP record in pg_hba.conf trusts a remote ident server",
    problem="A TCP record in pg_hba.conf trusts a remote ident server",
    severity=Severity.MEDIUM,
    rationale="ident over TCP asks the client's own machine who the user is, so whoever controls that "
    "machine chooses the database user.",
    remediation="host all all 10.0.0.0/8 scram-sha-256",
    references=("guide:002 Step 7: Never use trust authentication",),
)
def hba_ident(postgresql: PostgresFacts) -> Outcome:
    uses = ("uses ident over TCP", "use ident over TCP")
    return _records(postgresql, lambda e: e.network and e.method == "ident", uses, "scram-sha-256", "ident")


@rule(
    id="postgresql.hba-open-to-world",
    title="No pg_hba.conf record admits clients from any address",
    problem="A pg_hba.conf record admits clients from any address",
    severity=Severity.HIGH,
    rationale="A record for 0.0.0.0/0, ::/0 or all lets the whole internet try passwords as soon as the port "
    "is reachable.",
    remediation="host all all <application server>/32 scram-sha-256",
    references=("guide:002 Step 7: Listen on localhost only",),
)
def hba_open_to_world(postgresql: PostgresFacts) -> Outcome:
    return _records(
        postgresql,
        lambda e: e.open_to_world and e.method != "reject",
        ("admits any address", "admit any address"),
        "a specific network",
        "open records",
    )


def _replicating(cluster: PgCluster) -> bool:
    return cluster.standby or any(
        cluster.value(name).strip() for name in ("primary_conninfo", "synchronous_standby_names")
    )


def _replication(cluster: PgCluster) -> Outcome:
    lines = [e for e in cluster.applying_hba if "replication" in e.databases and e.method != "reject"]
    if lines and not _replicating(cluster):
        return failed(
            f"cluster {cluster.label}: {plural(len(lines), 'replication record')} but no replication set up",
            *(record(cluster, e, _line(e), "removed", Wanted(Relation.ABSENT)) for e in lines),
        )
    note = "replication is configured" if lines else "no replication records"
    where = whole_file(cluster.hba_path, plural(len(lines), "replication record"), subject=cluster.label)
    return passed(f"cluster {cluster.label}: {note}", where)


@rule(
    id="postgresql.hba-replication",
    title="No replication records in pg_hba.conf on a standalone server",
    problem="pg_hba.conf has replication records on a standalone server",
    severity=Severity.LOW,
    rationale="Replication connections can stream the whole database; on a server without replicas the "
    "records only widen what a stolen password can do.",
    remediation="Delete the 'local/host replication ...' lines from pg_hba.conf",
    references=("guide:002 Step 7: Remove unused pg_hba entries",),
)
def hba_replication(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _replication, "replication", needs_hba=True)


@rule(
    id="postgresql.hba-hostssl",
    title="Remote pg_hba.conf records require TLS (hostssl)",
    problem="A remote pg_hba.conf record accepts connections without TLS",
    severity=Severity.MEDIUM,
    rationale="A host record accepts unencrypted connections too, so remote clients may talk to the "
    "server in clear text even with ssl = on.",
    remediation="hostssl all all 10.0.0.0/8 scram-sha-256",
    references=("guide:003 SSL/TLS Configuration",),
)
def hba_hostssl(postgresql: PostgresFacts) -> Outcome:
    return _records(
        postgresql,
        lambda e: e.conntype in ("host", "hostnossl") and not e.loopback_only and e.method != "reject",
        ("accepts unencrypted remote connections", "accept unencrypted remote connections"),
        "hostssl",
        "hostssl",
    )
