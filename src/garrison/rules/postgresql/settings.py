"""PostgreSQL password storage, connection logging and configuration file modes (PostgreSQL 15)."""

from __future__ import annotations

from collections.abc import Callable

from garrison.facts.postgresql import PgCluster, PostgresFacts, pg_bool
from garrison.model import Outcome, Severity, failed, passed
from garrison.rules.expect import equals, file_mode
from garrison.rules.postgresql.common import judge_clusters, judge_setting
from garrison.rules.registry import rule
from garrison.rules.wording import counted
from garrison.rules.wording import mode as mode_text


def _encryption(cluster: PgCluster) -> Outcome:
    return judge_setting(
        cluster,
        "password_encryption",
        "scram-sha-256",
        lambda value: None if value.lower() == "scram-sha-256" else ": new passwords are stored as md5",
    )


@rule(
    id="postgresql.password-encryption",
    title="PostgreSQL stores new passwords as SCRAM-SHA-256 verifiers",
    problem="PostgreSQL stores new passwords as md5 hashes",
    severity=Severity.MEDIUM,
    rationale="An md5-stored password hash is enough to log in as that user, and is cheap to crack; SCRAM "
    "verifiers are salted, iterated and cannot be replayed.",
    remediation="password_encryption = scram-sha-256  (then set each role's password again)",
    references=("guide:002 Step 7: Use scram-sha-256 authentication",),
)
def password_encryption(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _encryption, "password_encryption")


def _logging(name: str) -> Callable[[PgCluster], Outcome]:
    return lambda cluster: judge_setting(
        cluster, name, "on", lambda value: None if pg_bool(value) else "", boolean=True
    )


@rule(
    id="postgresql.log-connections",
    title="PostgreSQL logs every connection attempt",
    problem="PostgreSQL does not log connection attempts",
    severity=Severity.LOW,
    rationale="Without connection logs a password-guessing run or a login from an unexpected host leaves no "
    "trace to detect or investigate.",
    remediation="log_connections = on",
    references=("guide:003 Compliance: Audit Logging", "guide:001 Security Metrics: failed authentication"),
)
def log_connections(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _logging("log_connections"), "log_connections")


@rule(
    id="postgresql.log-disconnections",
    title="PostgreSQL logs session ends with their duration",
    problem="PostgreSQL does not log session ends",
    severity=Severity.LOW,
    rationale="Session end records give each login a duration, which an investigation needs to tell what a "
    "stolen account could have done.",
    remediation="log_disconnections = on",
    references=("guide:003 Compliance: Audit Logging",),
)
def log_disconnections(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _logging("log_disconnections"), "log_disconnections")


def _modes(cluster: PgCluster) -> Outcome:
    bad = []
    for path, mode in sorted(cluster.modes.items()):
        if mode & 0o022:
            bad.append(file_mode(path, mode_text(mode), "not group/world-writable", subject=cluster.label))
        elif path == cluster.hba_path and mode & 0o004:
            wanted = equals("0640")
            bad.append(file_mode(path, mode_text(mode), "0640", subject=cluster.label, wanted=wanted))
    if bad:
        count = len(bad)
        too_open = f"{counted(count, 'configuration file', 'is', 'are')} too open"
        return failed(f"cluster {cluster.label}: {too_open}", *bad)
    count = len(cluster.modes)
    conf_mode = cluster.modes.get(cluster.conf_path)
    return passed(
        f"cluster {cluster.label}: {counted(count, 'configuration file', 'has', 'have')} safe modes",
        file_mode(
            cluster.conf_path, None if conf_mode is None else mode_text(conf_mode), subject=cluster.label
        ),
    )


@rule(
    id="postgresql.config-permissions",
    title="PostgreSQL configuration files are not writable by others and pg_hba.conf is private",
    problem="A PostgreSQL configuration file is writable by others or pg_hba.conf is world-readable",
    severity=Severity.MEDIUM,
    rationale="Whoever can write postgresql.conf or pg_hba.conf can turn on trust authentication or load a "
    "library into the server; a world-readable pg_hba.conf maps out which users and hosts to attack.",
    remediation="chmod 0644 postgresql.conf; chmod 0640 pg_hba.conf; chown postgres:postgres both",
    references=("guide:003 Agent Hardening: File Permissions", "guide:001 File System: secure permissions"),
)
def config_permissions(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _modes, "modes", needs_hba=False)
