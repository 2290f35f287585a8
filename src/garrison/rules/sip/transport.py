"""SIP rules on sockets and media: TLS, exposure of signalling ports, RTP port ranges and the firewall."""

from __future__ import annotations

from garrison.facts.exposure.firewall import Access
from garrison.facts.exposure.model import ExposedListener, ExposureFacts
from garrison.facts.exposure.sockets import SS_SOURCE
from garrison.facts.listeners import IpProtocol
from garrison.facts.placeholders import has_placeholder
from garrison.facts.sip.model import SipFacts, SipTransport
from garrison.model import (
    Evidence,
    Location,
    Outcome,
    Severity,
    evidence,
    failed,
    not_applicable,
    passed,
    unknown,
)
from garrison.rules.registry import rule
from garrison.rules.wording import counted, nothing_to_check, plural

SIGNALLING_PORTS = frozenset({5060, 5061})
_PLAIN = (SipTransport.UDP, SipTransport.TCP, SipTransport.WS)


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
        where = first.location
        return passed(
            f"{plural(len(tls), 'TLS socket')}, e.g. {first.address}:{first.port}",
            Evidence(where, f"{first.proto}:{first.address}:{first.port}"),
        )
    if not [s for s in sip.listens if s.proto in _PLAIN]:
        return not_applicable("no SIP signalling sockets configured")
    path = sip.kamailio.path if sip.kamailio else sip.config_paths[0]
    setting = sip.kamailio.setting("enable_tls") if sip.kamailio else None
    line = setting.location.line if setting else None
    return failed(
        "SIP is served over UDP/TCP only, with no TLS socket",
        evidence(path, line, "no TLS socket (enable_tls off or tls.so not loaded)", "tls:<ip>:5061"),
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
    wide = [
        s
        for s in sip.listens
        if s.port in SIGNALLING_PORTS
        and (s.address in ("*", "0.0.0.0", "::", "") or has_placeholder(s.address, env="none"))
    ]
    if not wide:
        return (
            passed("SIP sockets are bound to specific addresses")
            if sip.listens
            else not_applicable("no SIP sockets configured")
        )
    bad: list[Evidence] = []
    unsure: list[Evidence] = []
    good: list[Evidence] = []
    idle: list[Evidence] = []
    exposed = 0
    for item in wide:
        proto = IpProtocol.UDP if item.proto is SipTransport.UDP else IpProtocol.TCP
        matches = [e for e in exposure.for_port(item.port, proto) if e.listener.address == item.address]
        found = matches[0] if matches else None
        access = found.access if found else None
        default_path = sip.kamailio.path if sip.kamailio else sip.config_paths[0]
        path = item.location.path if item.location else default_path
        line = item.location.line if item.location else None
        label = f"{item.proto}:{item.address}:{item.port}"
        live = _live_evidence(found)
        if found is not None and found.declared_only:
            idle.extend((evidence(path, line, f"{label}; declared, not listening"), *live))
        elif has_placeholder(item.address, env="none") or access is None or access.state is Access.UNKNOWN:
            unsure.append(evidence(path, line, f"{label}; firewall state unknown"))
        elif access.unfiltered:
            exposed += 1
            bad.append(
                evidence(
                    path,
                    line,
                    f"{label} on every interface, no firewall rule for the port",
                    "a specific listen address or a firewall rule",
                )
            )
            bad.extend(live)
            if access.location is not None:  # an accepting policy: cite it where the ruleset came from
                bad.append(Evidence(access.location, f"{label}: {access.detail}"))
        else:
            good.append(Evidence(access.location, f"{label}: firewall {access.state}"))
            good.extend(live)
    basis = exposure.basis
    if bad:
        return failed(
            f"{counted(exposed, 'SIP socket', 'listens', 'listen')} on every interface with no firewall "
            f"filtering; {basis}",
            *dict.fromkeys(bad),
        )
    if unsure:
        return unknown(f"the firewall's answer for the SIP ports is unavailable; {basis}", *unsure)
    if idle and not good:
        return nothing_to_check(
            f"the SIP sockets on every interface are declared but not listening; {basis}",
            *dict.fromkeys(idle),
        )
    note = "; others are declared but not listening" if idle else ""
    return passed(
        f"the firewall has explicit rules for the SIP sockets bound to every interface{note}; {basis}",
        *dict.fromkeys([*good, *idle]),
    )


def _live_evidence(found: ExposedListener | None) -> tuple[Evidence, ...]:
    """What ss shows for a declared SIP socket on a live host: its line, or that there is none."""
    if found is None or found.listening is None:
        return ()
    if found.socket is None:
        ln = found.listener
        return (Evidence(Location(SS_SOURCE), f"no socket for {ln.port}/{ln.proto} at {ln.address}"),)
    socket = found.socket
    return (Evidence(socket.location, f"listening on {socket.address}:{socket.port}/{socket.proto}"),)


def _ranges_outcome(sip: SipFacts) -> Outcome | None:
    return None if sip.rtp_ranges else not_applicable("no RTP relay or media server configuration found")


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
    if (early := _ranges_outcome(sip)) is not None:
        return early
    implicit = [r for r in sip.rtp_ranges if r.location.line is None]
    if implicit:
        return failed(
            f"{counted(len(implicit), 'media server', 'uses', 'use')} the built-in RTP range",
            *(
                evidence(r.location.path, None, f"{r.software} default {r.low}-{r.high}", "an explicit range")
                for r in implicit
            ),
        )
    first = sip.rtp_ranges[0]
    return passed(
        f"RTP ranges are declared, e.g. {first.software} {first.low}-{first.high}",
        evidence(first.location.path, first.location.line, f"{first.low}-{first.high}"),
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
    if (early := _ranges_outcome(sip)) is not None:
        return early
    bad: list[Evidence] = []
    for rtp in sip.rtp_ranges:
        for port in dict.fromkeys((rtp.low, (rtp.low + rtp.high) // 2, rtp.high)):
            probe = exposure.probe(port, IpProtocol.UDP)
            if probe is None or probe.access is None or probe.access.state is Access.UNKNOWN:
                return unknown(
                    "the firewall's answer for the RTP ports is unavailable",
                    evidence(rtp.location.path, rtp.location.line, f"{rtp.low}-{rtp.high}"),
                )
            if probe.access.unfiltered:
                return not_applicable("no firewall filters the host (see sip.signalling-exposure)")
            if probe.access.state is Access.BLOCKED:
                bad.append(
                    evidence(
                        rtp.location.path,
                        rtp.location.line,
                        f"{rtp.software} RTP {rtp.low}-{rtp.high}: udp {port} dropped by the firewall",
                        "an ACCEPT rule for the range",
                    )
                )
                if probe.access.location is not None:
                    bad.append(Evidence(probe.access.location, probe.access.detail or "blocking rule"))
                break
    if bad:
        return failed("the firewall drops part of the RTP port range", *bad)
    return passed("the firewall accepts the RTP port ranges")
