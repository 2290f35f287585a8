"""SIP rules on Kamailio's TLS settings (cipher lists, protocol floor), judged with the one TLS policy
(`garrison.data.tls`)."""

from __future__ import annotations

from garrison.data.tls import Protocol, floor_passes, judge_cipher_list, protocol_named
from garrison.facts.placeholders import has_placeholder
from garrison.facts.sip import (
    KamailioConfig,
    SipFacts,
    TlsMethod,
    cipher_value,
    kamailio_knows_tls_method,
    kamailio_ref,
)
from garrison.facts.versions import InstalledVersions, Program
from garrison.model import (
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Relation,
    Severity,
    Wanted,
    errored,
    failed,
    passed,
    unknown,
)
from garrison.rules.registry import rule
from garrison.rules.sip.common import on_kamailio
from garrison.rules.wording import counted, listing, nothing_to_check, plural, unique


@rule(
    id="sip.kamailio-tls-ciphers",
    title="Kamailio's TLS cipher lists enable no weak cipher family",
    problem="A Kamailio TLS cipher list enables a weak cipher family",
    severity=Severity.MEDIUM,
    rationale="RC4, 3DES, export, NULL and anonymous suites can be broken or give no authentication; "
    "SIP over TLS carries digest credentials, call metadata and SRTP keys.",
    remediation="cipher_list = ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305   (in each tls.cfg profile)",
    references=("guide:001 PCI-DSS compliance (strong cryptography)",),
)
def kamailio_tls_ciphers(sip: SipFacts) -> Outcome:
    return on_kamailio(sip, lambda config: _ciphers(sip, config))


def _ciphers(sip: SipFacts, config: KamailioConfig) -> Outcome:
    if config.module("tls") is None:
        return nothing_to_check("Kamailio loads no tls module")
    checked: list[Evidence] = []
    for name, setting in sip.tls_ciphers:
        value = cipher_value(name, setting)
        if has_placeholder(value.value):
            return unknown(f"{name} is a template placeholder", value.cite(actual="<placeholder>"))
        verdict = judge_cipher_list(value.value)
        if verdict.weak:
            weak = verdict.words or tuple(verdict.families)
            return failed(
                f"{name} enables weak suites: {', '.join(weak[:5])}",
                value.cite("no RC4/3DES/EXPORT/NULL/anonymous suites"),
            )
        shortfalls = verdict.shortfalls()
        if shortfalls:
            return failed(
                f"{name} enables suites below Mozilla's intermediate list: {'; '.join(shortfalls)}",
                value.cite("ECDHE/DHE with AES-GCM or ChaCha20 only"),
            )
        checked.append(value.cite())
    return passed(
        "no weak cipher family is enabled" + ("" if checked else " (OpenSSL's default list)"),
        *unique(checked),
    )


#: The tls module's default method (Kamailio 5.6 tls module docs, `tls_method`): TLS 1.0 only.
DEFAULT_METHOD = "TLSv1"


def method_floor(method: str) -> Protocol | None:
    """The lowest version a tls module method accepts: `TLSv1.2+` -> TLS 1.2, `SSLv23` (any) -> SSLv2."""
    text = method.strip()
    if text.upper() == "SSLV23":
        return protocol_named("SSLv2")
    return protocol_named(text.rstrip("+"))


@rule(
    id="sip.kamailio-tls-min-version",
    title="Kamailio's TLS profiles accept TLS 1.2 or newer only",
    problem="A Kamailio TLS profile accepts TLS older than 1.2",
    severity=Severity.MEDIUM,
    rationale="The tls module's own default accepts only TLS 1.0, and SSLv23 or TLSv1+ accept every old "
    "version; TLS 1.0 and 1.1 are deprecated (RFC 8996) and SIP over TLS carries digest credentials and SRTP "
    "keys.",
    remediation='method = TLSv1.2+   (in each tls.cfg profile, or modparam("tls", "tls_method", "TLSv1.2+"))',
    references=("guide:001 PCI-DSS compliance (strong cryptography)", "guide:001 TLS_MIN_VERSION=1.2"),
)
def kamailio_tls_min_version(sip: SipFacts, versions: InstalledVersions) -> Outcome:
    return on_kamailio(sip, lambda config: _methods(sip, config, _release(versions)))


#: Debian 12's Kamailio, the release judged when the installed one is not known.
_DEBIAN_12 = (5, 6, 3)


def _release(versions: InstalledVersions) -> tuple[tuple[int, ...], str]:
    """The installed Kamailio's version numbers, and how a message names it."""
    installed = versions.get(Program.KAMAILIO)
    if installed is None:
        return _DEBIAN_12, "Kamailio 5.6 (Debian 12's: the installed version is unknown)"
    return installed.numbers, f"Kamailio {'.'.join(map(str, installed.numbers[:2]))}"


def _method_evidence(item: TlsMethod, method: str, expected: str | None) -> Evidence:
    wanted = Wanted(Relation.AT_LEAST, ("TLSv1.2+",)) if expected else None
    if item.setting is None:
        ref = kamailio_ref(item.where.path, "method", item.scope)
        where = Location(item.where.path, None) if item.scope.startswith("modparam") else item.where
        role = EvidenceRole.DEFAULT if item.scope.startswith("modparam") else EvidenceRole.CONTEXT
        return Evidence(where, method, expected, role, ref, item.scope, wanted)
    ref = kamailio_ref(item.setting.location.path, "method", item.scope)
    return Evidence(item.setting.location, method, expected, EvidenceRole.SETTING, ref, item.scope, wanted)


def _methods(sip: SipFacts, config: KamailioConfig, release: tuple[tuple[int, ...], str]) -> Outcome:
    if config.module("tls") is None:
        return nothing_to_check("Kamailio loads no tls module")
    low: list[Evidence] = []
    fine: list[Evidence] = []
    refused: list[Evidence] = []
    for item in sip.tls_methods:
        method = item.setting.value if item.setting is not None else DEFAULT_METHOD
        if has_placeholder(method):
            return unknown(
                f"{item.scope} method is a template placeholder",
                _method_evidence(item, "<placeholder>", None),
            )
        if not kamailio_knows_tls_method(method, release[0]):
            refused.append(_method_evidence(item, method, "a method this release knows, e.g. TLSv1.2+"))
            continue
        floor = method_floor(method)
        said = method if item.setting is not None else f"{method} (the tls module's default)"
        if floor is None or not floor_passes(floor):
            low.append(_method_evidence(item, said, "TLSv1.2+"))
        else:
            fine.append(_method_evidence(item, said, None))
    if refused:
        words = listing(e.actual for e in refused)
        return errored(
            f"{release[1]} refuses to start with the tls method {words}: it knows no such method", *refused
        )
    if low:
        said = counted(len(low), "TLS profile", "accepts", "accept")
        return failed(f"{said} TLS below 1.2: {listing(e.subject for e in low)}", *low)
    return passed(f"every TLS profile accepts TLS 1.2 or newer only ({plural(len(fine), 'profile')})", *fine)
