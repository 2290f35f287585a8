"""SIP rules on management and compliance: Kamailio's RPC over HTTP, and the SIPREC server's settings."""

from __future__ import annotations

import re
from collections.abc import Callable

from garrison.facts.placeholders import has_placeholder
from garrison.facts.sip import KamailioConfig, SipFacts, kamailio_ref, siprec_value
from garrison.model import (
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Relation,
    Severity,
    Status,
    Wanted,
    failed,
    not_applicable,
    passed,
    unknown,
)
from garrison.rules.expect import equals
from garrison.rules.registry import rule
from garrison.rules.sip.common import on_kamailio
from garrison.rules.wording import nothing_to_check

RPC_DISPATCH = frozenset({"jsonrpc_dispatch", "dispatch_rpc", "xmlrpc_dispatch"})


@rule(
    id="sip.rpc-http-restricted",
    title="Kamailio's RPC over HTTP checks the client address",
    problem="Kamailio serves its RPC over HTTP without checking the client address",
    severity=Severity.HIGH,
    rationale="jsonrpc_dispatch() in the xhttp route serves Kamailio's management RPC (reload, dispatcher "
    "state, user location, config values) on the SIP port's HTTP; without a source-address test before "
    "it, anyone who reaches the port administers the server.",
    remediation='event_route[xhttp:request] {\n    if (src_ip != 127.0.0.1) { xhttp_reply("403", '
    '"Forbidden", "text/html", ""); exit; }\n    if ($hu =~ "^/RPC") { jsonrpc_dispatch(); exit; }\n}',
)
def rpc_http_restricted(sip: SipFacts) -> Outcome:
    return on_kamailio(sip, _rpc)


def _rpc(config: KamailioConfig) -> Outcome:
    if config.module("xhttp") is None:
        return nothing_to_check("xhttp is not loaded, so there is no RPC over HTTP")
    dispatches = [(b, loc) for b, name, loc in config.block_calls if name in RPC_DISPATCH and "xhttp" in b]
    if not dispatches:
        return nothing_to_check("the xhttp route dispatches no RPC")
    open_ones = []
    for block, where in dispatches:
        guarded = any(
            b == block and loc.path == where.path and (loc.line or 0) < (where.line or 0)
            for b, loc in config.source_checks
        )
        if not guarded:
            open_ones.append(
                _dispatch(
                    block,
                    where,
                    f"{block}: RPC dispatched with no source test",
                    "if (src_ip != 127.0.0.1) { ...; exit; } before the dispatch",
                )
            )
    if open_ones:
        return failed("Kamailio serves its management RPC over HTTP to any client", *open_ones)
    block, where = dispatches[0]
    return passed(
        "RPC over HTTP is preceded by a source-address test", _dispatch(block, where, f"{block}: guarded")
    )


def _dispatch(block: str, where: Location, actual: str, expected: str | None = None) -> Evidence:
    """The RPC dispatch in the xhttp route (role SETTING: the route's source test decides)."""
    ref = kamailio_ref(where.path, "src_ip test before the RPC dispatch", block)
    return Evidence(where, actual, expected, EvidenceRole.SETTING, ref)


def _on_siprec(sip: SipFacts, check: Callable[[SipFacts], Outcome]) -> Outcome:
    """`check` on the SIPREC server's settings; not applicable where it has no configuration."""
    return check(sip) if sip.siprec_paths else not_applicable("no SIPREC server configuration found")


def _flag(sip: SipFacts, name: str, want: str) -> Outcome:
    item = siprec_value(sip, name)
    wanted = equals(want)
    if item.is_default:
        return failed(f"{name} is not set", item.cite(f"{name}={want}", wanted=wanted, actual="unset"))
    if has_placeholder(item.value, env="shell"):
        return unknown(
            f"{name} is an unrendered placeholder",
            item.cite(f"{name}={want}", wanted=wanted, actual="placeholder"),
        )
    if item.value.strip().lower() not in ("true", "1", "yes", "on"):
        shown = item.value.strip() or "empty"
        return failed(f"{name} is off", item.cite(want, wanted=wanted, actual=shown))
    return passed(f"{name} is on", item.cite())


@rule(
    id="sip.siprec-encryption-at-rest",
    title="SIPREC recordings are encrypted at rest",
    problem="SIPREC recordings are not encrypted at rest with AES-256",
    severity=Severity.MEDIUM,
    rationale="Call recordings hold health, payment and personal data; stored in clear, every backup and "
    "every disk that leaves the rack leaks them.",
    remediation="ENCRYPTION_ENABLED=true\nENCRYPTION_ALGORITHM=AES-256-GCM",
    tags=("hipaa:164.312(a)(2)(iv)", "pci-dss:3.5.1"),
    references=("guide:001 HIPAA compliance (encryption at rest)",),
)
def siprec_encryption_at_rest(sip: SipFacts) -> Outcome:
    return _on_siprec(sip, _encryption)


def _encryption(sip: SipFacts) -> Outcome:
    outcome = _flag(sip, "ENCRYPTION_ENABLED", "true")
    algorithm = siprec_value(sip, "ENCRYPTION_ALGORITHM")
    if (
        outcome.status is Status.PASS
        and not algorithm.is_default
        and not re.search(r"(?i)aes-?256", algorithm.value)
    ):
        wanted = equals("AES-256-GCM")
        return failed(
            "recordings are encrypted with a weaker algorithm than AES-256",
            algorithm.cite("AES-256-GCM", wanted=wanted),
        )
    return outcome


@rule(
    id="sip.siprec-audit-log",
    title="The SIPREC server keeps an audit log",
    problem="The SIPREC server keeps no audit log",
    severity=Severity.LOW,
    rationale="Without an audit trail nobody can tell who listened to or exported which recording.",
    remediation="AUDIT_LOG_ENABLED=true\nAUDIT_LOG_RETENTION=7y",
    tags=("hipaa:164.312(b)",),
    references=("guide:001 HIPAA compliance (audit logging)",),
)
def siprec_audit_log(sip: SipFacts) -> Outcome:
    return _on_siprec(sip, lambda facts: _flag(facts, "AUDIT_LOG_ENABLED", "true"))


@rule(
    id="sip.siprec-mfa-required",
    title="The SIPREC server requires multi-factor authentication",
    problem="The SIPREC server does not require multi-factor authentication",
    severity=Severity.LOW,
    rationale="Recordings are reachable through the API and UI; a phished password alone should not open "
    "them.",
    remediation="MFA_REQUIRED=true",
    tags=("pci-dss:8.4.2",),
    references=("guide:001 HIPAA compliance (access controls)",),
)
def siprec_mfa_required(sip: SipFacts) -> Outcome:
    return _on_siprec(sip, lambda facts: _flag(facts, "MFA_REQUIRED", "true"))


@rule(
    id="sip.siprec-tls-min-version",
    title="The SIPREC server sets TLS 1.2 or later as its floor",
    problem="The SIPREC server's TLS floor is unset or below 1.2",
    severity=Severity.LOW,
    rationale="SIP over TLS and the API carry recordings' metadata and media keys; TLS 1.0/1.1 are broken "
    "and banned by PCI DSS.",
    remediation="TLS_MIN_VERSION=1.2",
    tags=("pci-dss:4.2.1",),
    references=("guide:001 PCI-DSS compliance (strong cryptography)",),
)
def siprec_tls_min_version(sip: SipFacts) -> Outcome:
    return _on_siprec(sip, _tls_floor)


def _tls_floor(sip: SipFacts) -> Outcome:
    item = siprec_value(sip, "TLS_MIN_VERSION")
    wanted = Wanted(Relation.AT_LEAST, ("1.2",))
    if item.is_default:
        return failed(
            "TLS_MIN_VERSION is not set explicitly",
            item.cite("TLS_MIN_VERSION=1.2", wanted=wanted, actual="unset"),
        )
    match = re.search(r"1\.(\d)", item.value)
    if match is None or int(match.group(1)) < 2:
        return failed("the TLS floor is below 1.2", item.cite("1.2 or 1.3", wanted=wanted))
    return passed(f"TLS floor {item.value}", item.cite())
