"""SIP rules on sockets and media: TLS, exposure of signalling ports, RTP port ranges and the firewall."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from garrison.facts.exposure import SS_SOURCE, Access, ExposedListener, ExposureFacts
from garrison.facts.listeners import IpProtocol
from garrison.facts.placeholders import has_placeholder
from garrison.facts.sip import SipFacts, SipListen, SipTransport, kamailio_value, listen_value, rtp_value
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Relation,
    SettingRef,
    Severity,
    Wanted,
    failed,
    not_applicable,
    passed,
    unknown,
)
from garrison.rules.expect import Effective
from garrison.rules.registry import rule
from garrison.rules.sip.common import switch_context
from garrison.rules.wording import counted, nothing_to_check, plural

SIGNALLING_PORTS = frozenset({5060, 5061})
_PLAIN = (SipTransport.UDP, SipTransport.TCP, SipTransport.WS)
_SET = Wanted(Relation.PRESENT)


@rule(
    id="sip.tls-listener",
    title="The SIP server offers a TLS transport",
    problem="The SIP server offers no TLS transport",
    severity=Severity.MEDIUM,
    rationale="Without SIP over TLS, credentials digests, call metadata and SDP (with SRTP keys) cross the "
    "network in clear text.",
    remediation='#!define WITH_TLS  (enable_tls=yes, loadmodule "tls.so", listen=tls:<ip>:5061)',
    references=("guide:001 pre-deployment checklist (TLS certificates)",),
)
def tls_listener(sip: SipFacts) -> Outcome:
    tls = [s for s in sip.listens if s.proto.encrypted]
    if tls:
        first = tls[0]
        return passed(
            f"{plural(len(tls), 'TLS socket')}, e.g. {first.address}:{first.port}",
            listen_value(sip, first).cite(),
        )
    if not [s for s in sip.listens if s.proto in _PLAIN]:
        return not_applicable("no SIP signalling sockets configured")
    actual = "no TLS socket (enable_tls off or tls.so not loaded)"
    if sip.kamailio is not None:
        where = kamailio_value(sip.kamailio, "enable_tls").cite("tls:<ip>:5061", actual=actual)
        # the WITH_TLS switch of Debian's kamailio.cfg, at its own line, when the file has one
        return failed(
            "SIP is served over UDP/TCP only, with no TLS socket",
            where,
            *switch_context(sip.kamailio, "WITH_TLS"),
        )
    absent = Effective.default(Dialect.SIP, sip.config_paths[0], "TLS transport", "none")
    where = absent.cite("tls:<ip>:5061", actual=actual)
    return failed("SIP is served over UDP/TCP only, with no TLS socket", where)


@dataclass
class _Sockets:
    """What the firewall says of each SIP socket bound to every interface, as evidence by verdict."""

    bad: list[Evidence] = field(default_factory=list)
    unsure: list[Evidence] = field(default_factory=list)
    good: list[Evidence] = field(default_factory=list)
    idle: list[Evidence] = field(default_factory=list)
    exposed: int = 0


def _wide(sip: SipFacts) -> list[SipListen]:
    """The signalling sockets on every address (or on an address still a template placeholder)."""
    return [
        s
        for s in sip.listens
        if s.port in SIGNALLING_PORTS
        and (s.address in ("*", "0.0.0.0", "::", "") or has_placeholder(s.address, env="none"))
    ]


def _rule(location: Location | None, actual: str, setting: SettingRef | None = None) -> Evidence:
    """A firewall rule or policy that frames a socket's verdict (role CONTEXT)."""
    ref = setting if setting is not None and location is not None and setting.path == location.path else None
    return Evidence(location, actual, None, EvidenceRole.CONTEXT, ref)


def _judge_socket(sip: SipFacts, exposure: ExposureFacts, item: SipListen, seen: _Sockets) -> None:
    proto = IpProtocol.UDP if item.proto is SipTransport.UDP else IpProtocol.TCP
    matches = [e for e in exposure.for_port(item.port, proto) if e.listener.address == item.address]
    found = matches[0] if matches else None
    access = found.access if found else None
    value = listen_value(sip, item)
    label = value.value
    live = _live_evidence(found)
    if found is not None and found.declared_only:
        seen.idle.extend((value.cite(actual=f"{label}; declared, not listening"), *live))
    elif has_placeholder(item.address, env="none") or access is None or access.state is Access.UNKNOWN:
        seen.unsure.append(value.cite(actual=f"{label}; firewall state unknown"))
    elif access.unfiltered:
        seen.exposed += 1
        actual = f"{label} on every interface, no firewall rule for the port"
        seen.bad.extend((value.cite("a specific listen address or a firewall rule", actual=actual), *live))
        if access.location is not None:  # an accepting policy: cite it where the ruleset came from
            seen.bad.append(_rule(access.location, f"{label}: {access.detail}", access.setting))
    else:
        seen.good.extend((_rule(access.location, f"{label}: firewall {access.state}", access.setting), *live))


def _signalling(seen: _Sockets, basis: str) -> Outcome:
    if seen.bad:
        return failed(
            f"{counted(seen.exposed, 'SIP socket', 'listens', 'listen')} on every interface with no firewall "
            f"filtering; {basis}",
            *dict.fromkeys(seen.bad),
        )
    if seen.unsure:
        return unknown(f"the firewall's answer for the SIP ports is unavailable; {basis}", *seen.unsure)
    if seen.idle and not seen.good:
        return nothing_to_check(
            f"the SIP sockets on every interface are declared but not listening; {basis}",
            *dict.fromkeys(seen.idle),
        )
    note = "; others are declared but not listening" if seen.idle else ""
    return passed(
        f"the firewall has explicit rules for the SIP sockets bound to every interface{note}; {basis}",
        *dict.fromkeys([*seen.good, *seen.idle]),
    )


@rule(
    id="sip.signalling-exposure",
    title="SIP sockets on every interface are behind a firewall",
    problem="A SIP socket on every interface has no firewall filtering",
    severity=Severity.MEDIUM,
    rationale="A SIP server bound to every address with no firewall exposes UDP and TCP 5060 (and any "
    "internal-only socket) to the whole internet's scanners; a firewall rule makes the exposure "
    "deliberate and limited to the intended ports.",
    remediation="listen=udp:<public-ip>:5060 (and tcp) and firewall rules: "
    "iptables -A INPUT -p udp --dport 5060 -j ACCEPT; ...; iptables -A INPUT -j DROP",
    references=("guide:001 firewall rules",),
)
def signalling_exposure(sip: SipFacts, exposure: ExposureFacts) -> Outcome:
    wide = _wide(sip)
    if not wide:
        return (
            passed("SIP sockets are bound to specific addresses")
            if sip.listens
            else not_applicable("no SIP sockets configured")
        )
    seen = _Sockets()
    for item in wide:
        _judge_socket(sip, exposure, item, seen)
    return _signalling(seen, exposure.basis)


def _live_evidence(found: ExposedListener | None) -> tuple[Evidence, ...]:
    """What ss shows for a declared SIP socket on a live host: its line, or that there is none (role
    CONTEXT: the configured socket decides, the live one frames it)."""
    if found is None or found.listening is None:
        return ()
    if found.socket is None:
        ln = found.listener
        return (_rule(Location(SS_SOURCE), f"no socket for {ln.port}/{ln.proto} at {ln.address}"),)
    socket = found.socket
    return (_rule(socket.location, f"listening on {socket.address}:{socket.port}/{socket.proto}"),)


def _on_rtp(sip: SipFacts, check: Callable[[SipFacts], Outcome]) -> Outcome:
    """`check` on the media servers' RTP ranges; not applicable where none is configured."""
    return (
        check(sip) if sip.rtp_ranges else not_applicable("no RTP relay or media server configuration found")
    )


@rule(
    id="sip.rtp-port-range-declared",
    title="The RTP port range is set explicitly",
    problem="The RTP port range is left to the built-in default",
    severity=Severity.LOW,
    rationale="The firewall must open exactly the media ports; a range left to the built-in default is "
    "easy to get out of step with the firewall rule.",
    remediation="rtpengine.conf: port-min = 30000 / port-max = 40000 (and the same range in the firewall)",
    references=("guide:001 firewall rules (RTP range)",),
)
def rtp_port_range_declared(sip: SipFacts) -> Outcome:
    return _on_rtp(sip, _declared)


def _declared(sip: SipFacts) -> Outcome:
    implicit = [r for r in sip.rtp_ranges if r.location.line is None]
    if implicit:
        return failed(
            f"{counted(len(implicit), 'media server', 'uses', 'use')} the built-in RTP range",
            *(
                rtp_value(r).cite(
                    "an explicit range", wanted=_SET, actual=f"{r.software} default {r.low}-{r.high}"
                )
                for r in implicit
            ),
        )
    first = sip.rtp_ranges[0]
    return passed(
        f"RTP ranges are declared, e.g. {first.software} {first.low}-{first.high}",
        rtp_value(first).cite(),
    )


@rule(
    id="sip.rtp-port-range-firewall",
    title="The firewall accepts the declared RTP port range",
    problem="The firewall drops part of the declared RTP port range",
    severity=Severity.MEDIUM,
    rationale="When the firewall and the media server disagree on the RTP range, calls lose audio and "
    "admins tend to 'fix' it by opening everything.",
    remediation="iptables -A INPUT -p udp --dport 30000:40000 -j ACCEPT   (the range of the media server)",
    references=("guide:001 firewall rules (RTP range)",),
)
def rtp_port_range_firewall(sip: SipFacts, exposure: ExposureFacts) -> Outcome:
    return _on_rtp(sip, lambda facts: _accepted(facts, exposure))


def _accepted(sip: SipFacts, exposure: ExposureFacts) -> Outcome:
    bad: list[Evidence] = []
    for rtp in sip.rtp_ranges:
        for port in dict.fromkeys((rtp.low, (rtp.low + rtp.high) // 2, rtp.high)):
            probe = exposure.probe(port, IpProtocol.UDP)
            if probe is None or probe.access is None or probe.access.state is Access.UNKNOWN:
                return unknown(
                    "the firewall's answer for the RTP ports is unavailable",
                    rtp_value(rtp).cite(),
                )
            if probe.access.unfiltered:
                return not_applicable("no firewall filters the host (see sip.signalling-exposure)")
            if probe.access.state is Access.BLOCKED:
                actual = f"{rtp.software} RTP {rtp.low}-{rtp.high}: udp {port} dropped by the firewall"
                bad.append(rtp_value(rtp).cite("an ACCEPT rule for the range", actual=actual))
                if probe.access.location is not None:
                    detail = probe.access.detail or "blocking rule"
                    bad.append(_rule(probe.access.location, detail, probe.access.setting))
                break
    if bad:
        return failed("the firewall drops part of the RTP port range", *bad)
    return passed("the firewall accepts the RTP port ranges")
