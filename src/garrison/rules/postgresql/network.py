"""PostgreSQL listening and TLS settings (PostgreSQL 15 defaults, Debian 12)."""

from __future__ import annotations

from garrison.data.tls import floor_passes, judge_cipher_list, protocol_named
from garrison.facts.listeners import AddressScope, address_scope
from garrison.facts.postgresql import PgCluster, PostgresFacts, pg_bool
from garrison.model import Outcome, Relation, Severity, Wanted, failed, passed
from garrison.rules.postgresql.common import (
    describe,
    judge_clusters,
    judge_setting,
    not_boolean,
    setting,
    ssl_on,
)
from garrison.rules.registry import rule

_GUIDE = ("guide:002 Step 7: Listen on localhost only",)


def _scopes(cluster: PgCluster) -> set[AddressScope]:
    return {address_scope(a) for a in cluster.addresses()}


def _listen(cluster: PgCluster) -> Outcome:
    return judge_setting(
        cluster,
        "listen_addresses",
        "localhost",
        lambda _: ": listens on every interface" if AddressScope.ALL in _scopes(cluster) else None,
    )


@rule(
    id="postgresql.listen-addresses",
    title="PostgreSQL does not listen on every interface",
    problem="PostgreSQL listens on every interface",
    severity=Severity.HIGH,
    rationale="A database listening on all addresses is one firewall mistake away from password guessing and "
    "protocol exploits from the internet.",
    remediation="listen_addresses = 'localhost'",
    references=_GUIDE,
)
def listen_addresses(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _listen, "listen_addresses")


def _explicit(cluster: PgCluster) -> Outcome:
    value = cluster.effective("listen_addresses")
    if value.is_default:
        return failed(
            f"cluster {cluster.label}: listen_addresses is not set (default 'localhost')",
            value.cite("listen_addresses = 'localhost'", wanted=Wanted(Relation.PRESENT, ("localhost",))),
        )
    return passed(f"cluster {cluster.label}: listen_addresses set explicitly", value.cite())


@rule(
    id="postgresql.listen-addresses-explicit",
    title="PostgreSQL's listen_addresses is set explicitly",
    problem="PostgreSQL's listen_addresses is not set explicitly",
    severity=Severity.LOW,
    rationale="Writing the listening address down documents the intent and keeps a packaged default or a "
    "later include from silently widening it.",
    remediation="listen_addresses = 'localhost'",
    references=_GUIDE,
)
def listen_addresses_explicit(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _explicit, "listen_addresses")


def _ssl(cluster: PgCluster) -> Outcome:
    value, where, problem = setting(cluster, "ssl", "on")
    if problem is not None:
        return problem
    flag = pg_bool(value)
    if flag is None:
        return not_boolean(cluster, "ssl", value, where)
    if flag:
        return passed(describe(cluster, "ssl", value), where)
    if _scopes(cluster) <= {AddressScope.LOOPBACK}:
        return passed(describe(cluster, "ssl", value) + ", but it listens on loopback only", where)
    listen_problem = setting(cluster, "listen_addresses", "localhost")[2]
    if listen_problem is not None:
        return listen_problem
    return failed(describe(cluster, "ssl", value) + " while listening beyond localhost", where)


@rule(
    id="postgresql.ssl",
    title="PostgreSQL encrypts connections when reachable over the network",
    problem="PostgreSQL accepts unencrypted connections over the network",
    severity=Severity.HIGH,
    rationale="Without TLS, passwords (or SCRAM exchanges) and all query data cross the network in clear "
    "text where anyone on the path can read or alter them.",
    remediation="ssl = on\nssl_cert_file = '/etc/ssl/certs/<host>.pem'\n"
    "ssl_key_file = '/etc/ssl/private/<host>.key'",
    references=("guide:003 SSL/TLS Configuration",),
)
def ssl(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _ssl, "ssl")


def _floor(value: str) -> str | None:
    floor = protocol_named(value)
    return None if floor is not None and floor_passes(floor) else ": allows TLS below 1.2"


def _min_protocol(cluster: PgCluster) -> Outcome:
    return judge_setting(
        cluster,
        "ssl_min_protocol_version",
        "TLSv1.2",
        _floor,
        relation=Relation.AT_LEAST,
        unless_ssl_off="TLS floor",
    )


@rule(
    id="postgresql.ssl-min-protocol-version",
    title="PostgreSQL accepts TLS 1.2 or newer only",
    problem="PostgreSQL accepts TLS older than 1.2",
    severity=Severity.MEDIUM,
    rationale="TLS 1.0 and 1.1 rely on obsolete constructions (CBC with SHA-1, weak PRF) and are "
    "deprecated by RFC 8996.",
    remediation="ssl_min_protocol_version = 'TLSv1.2'",
    references=("guide:003 SSL/TLS Configuration", "guide:001 TLS_MIN_VERSION=1.2"),
)
def ssl_min_protocol_version(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _min_protocol, "ssl_min_protocol_version")


def _weak(value: str) -> str | None:
    verdict = judge_cipher_list(value)
    if verdict.weak:
        return f": enables {', '.join(verdict.words or tuple(verdict.families))}"
    shortfalls = verdict.shortfalls()
    if shortfalls:
        return f": enables suites below Mozilla's intermediate list: {'; '.join(shortfalls)}"
    return None


def _ciphers(cluster: PgCluster) -> Outcome:
    return judge_setting(cluster, "ssl_ciphers", "HIGH:!aNULL:!MD5", _weak, unless_ssl_off="cipher list")


@rule(
    id="postgresql.ssl-ciphers",
    title="PostgreSQL's TLS cipher list enables no weak ciphers",
    problem="PostgreSQL's TLS cipher list enables weak ciphers",
    severity=Severity.MEDIUM,
    rationale="RC4, DES, NULL, export-grade and anonymous cipher suites can be broken or give no "
    "authentication at all, so a man in the middle reads the session; CBC-mode, SHA-1 and static-RSA suites "
    "fall below Mozilla's intermediate list (PostgreSQL's own default HIGH:MEDIUM:+3DES:!aNULL has them).",
    remediation="ssl_ciphers = 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305'",
    references=("guide:003 SSL/TLS Configuration",),
)
def ssl_ciphers(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _ciphers, "ssl_ciphers")


def _prefer(cluster: PgCluster) -> Outcome:
    def fault(value: str) -> str | None:
        return ": the client picks the cipher" if ssl_on(cluster) and pg_bool(value) is False else None

    return judge_setting(cluster, "ssl_prefer_server_ciphers", "on", fault)


@rule(
    id="postgresql.ssl-prefer-server-ciphers",
    title="PostgreSQL chooses the TLS cipher, not the client",
    problem="PostgreSQL lets the client choose the TLS cipher",
    severity=Severity.LOW,
    rationale="When the client's preference wins, an old or tampered client can steer the session to the "
    "weakest suite the server still allows.",
    remediation="ssl_prefer_server_ciphers = on",
    references=("guide:003 SSL/TLS Configuration",),
)
def ssl_prefer_server_ciphers(postgresql: PostgresFacts) -> Outcome:
    return judge_clusters(postgresql, _prefer, "ssl_prefer_server_ciphers")
