"""Exposure rules: each listening service port against the policy table and the firewall."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from garrison.facts.exposure import Access, ExposedListener, Exposure, ExposureFacts
from garrison.facts.firewall import Family
from garrison.facts.listeners import AddressScope
from garrison.model import Outcome, Severity, Status, failed, not_applicable, passed, unknown
from garrison.rules.expect import fold
from garrison.rules.exposure.cite import all_evidence, declared, evidence_of, label, socket_at, verdict_at
from garrison.rules.registry import rule
from garrison.rules.wording import NOTHING_TO_CHECK, agree, counted, nothing_to_check, plural


def _one(
    item: ExposedListener, bad: Callable[[ExposedListener], bool | None], expected: str, binding: str | None
) -> Outcome:
    """One listener's verdict: failing when reachable (declared-only: only when the binding is judged),
    unknown when the firewall cannot say, else contained (a declared-only listener keeps its evidence)."""
    verdict = bad(item) if not item.declared_only or binding is not None else False
    found = evidence_of(item, expected)
    if verdict is True:
        return failed("declared, not listening" if item.declared_only else "reachable", *found)
    if verdict is None and not item.declared_only:
        return unknown("the firewall's answer is unavailable", *found)
    return passed("contained", *(found if item.declared_only else ()))


def _judge(
    exposure: ExposureFacts,
    policy: Exposure,
    bad: Callable[[ExposedListener], bool | None],
    expected: str,
    what: tuple[str, str],
    *,
    binding: str | None = None,
) -> Outcome:
    """Judge the listeners of one policy (folded: any failure fails, else unknown, else pass). `bad` answers
    for a listener that may be reached; a declared-only listener (a live host's ss shows no socket for it)
    reaches nobody, so it passes, unless the rule judges the configured binding itself (`binding`, e.g.
    "beyond loopback"): then it fails, worded as declared."""
    relevant = [e for e in exposure.listeners if e.policy is not None and e.policy.policy is policy]
    if not relevant:
        return not_applicable(f"no {policy}-policy port is configured to listen")
    judged = [(e, _one(e, bad, expected, binding)) for e in relevant]
    judged.sort(key=lambda pair: pair[0].declared_only)  # running listeners first, as the message counts
    outcome = fold(((label(e), o) for e, o in judged), passed_message="contained")
    chosen = [e for e, o in judged if o.status is outcome.status]
    idle = [e for e in relevant if e.declared_only]
    if outcome.status is Status.FAIL:
        failing = [e for e in chosen if not e.declared_only]
        parts = [f"{plural(len(failing), f'{policy}-policy listener')} {agree(len(failing), *what)}"]
        if len(failing) < len(chosen):
            more, count = "more " if failing else "", len(chosen) - len(failing)
            parts[bool(failing) :] = [
                f"{plural(count, f'{more}{policy}-policy listener')} declared {binding} but not "
                "listening (the binding takes effect at the next start)"
            ]
        return replace(outcome, message=f"{'; '.join(parts)}; {exposure.basis}")
    if outcome.status is Status.UNKNOWN:
        return replace(
            outcome, message=f"the firewall's answer for these ports is unavailable; {exposure.basis}"
        )
    active = len(relevant) - len(idle)
    if not active:
        counted_idle = plural(len(idle), f"{policy}-policy port")
        return replace(
            outcome, message=f"{NOTHING_TO_CHECK}{counted_idle} declared but not listening; {exposure.basis}"
        )
    note = f", {len(idle)} more declared but not listening" if idle else ""
    shown = counted(active, f"{policy}-policy listener", "is", "are")
    return replace(outcome, message=f"{shown} contained{note}; {exposure.basis}")


@rule(
    id="exposure.localhost-port-exposed",
    title="Localhost-only ports are bound to loopback",
    problem="A localhost-only port is bound beyond loopback",
    severity=Severity.HIGH,
    rationale="Ports such as PostgreSQL 5432, MongoDB 27017, Erlang distribution 5210, the ejabberd "
    "registration backend 8444 and proxy statistics 3001 are for local clients only; bound beyond "
    "loopback they depend on a single firewall rule that one mistake removes.",
    remediation="Bind the service to 127.0.0.1 (and ::1), e.g. listen_addresses = 'localhost'",
    references=("guide:002 port table", "guide:003 firewall (database on localhost)", "guide:004 monitoring"),
)
def localhost_port_exposed(exposure: ExposureFacts) -> Outcome:
    return _judge(
        exposure,
        Exposure.LOCALHOST,
        lambda e: None if e.placeholder else e.listener.scope is not AddressScope.LOOPBACK,
        "127.0.0.1 / ::1",
        ("listens beyond loopback", "listen beyond loopback"),
        binding="beyond loopback",  # the configured binding is the defect, running or not
    )


@rule(
    id="exposure.blocked-port-listening",
    title="Ports that must stay closed are not reachable",
    problem="A port that must stay closed is reachable",
    severity=Severity.HIGH,
    rationale="epmd (4369) lets anyone enumerate Erlang nodes as a first step to the distribution port; "
    "plaintext MQTT (1883) carries credentials in clear. They must be bound to loopback or dropped.",
    remediation="Bind to loopback (ERL_EPMD_ADDRESS=127.0.0.1) and drop the port in the firewall",
    references=("guide:002 port table (block completely)",),
)
def blocked_port_listening(exposure: ExposureFacts) -> Outcome:
    return _judge(
        exposure,
        Exposure.BLOCKED,
        lambda e: e.reachable_at_all,
        "loopback only, dropped by the firewall",
        ("is reachable", "are reachable"),
    )


@rule(
    id="exposure.trusted-port-open",
    title="Admin ports accept only trusted sources",
    problem="An admin port accepts connections from anywhere",
    severity=Severity.HIGH,
    rationale="Admin panels and SSH (ejabberd 5280/6443, SIPREC API 8080, SSH 22) open to the whole "
    "internet get brute-forced and exploited within hours; the firewall should accept them only from "
    "trusted addresses.",
    remediation="iptables -A INPUT -p tcp --dport 5280 -s <trusted-ip> -j ACCEPT (and drop the rest), "
    "or bind the service to 127.0.0.1",
    references=("guide:002 port table (trusted IP only)", "guide:001 firewall (API internal only)"),
)
def trusted_port_open(exposure: ExposureFacts) -> Outcome:
    return _judge(
        exposure,
        Exposure.TRUSTED,
        lambda e: e.reachable_from_anywhere,
        "trusted sources only",
        ("is open to everyone", "are open to everyone"),
    )


@rule(
    id="exposure.unknown-port-public",
    title="Every port open to the world is a known service port",
    problem="A port outside the policy table is open to everyone",
    severity=Severity.LOW,
    rationale="A port outside the policy table that listens on every interface with no firewall rule is "
    "usually a forgotten or misbound service.",
    remediation="Bind the service to loopback, filter it in the firewall, or declare it in garrison.toml "
    '[exposure] "<port>/<proto>" = "public"',
    references=("guide:004 firewall (only open necessary ports)",),
)
def unknown_port_public(exposure: ExposureFacts) -> Outcome:
    unlisted = [e for e in exposure.listeners if e.policy is None and e.listener.scope is AddressScope.ALL]
    if not unlisted:
        return (
            not_applicable("no listener outside the policy table binds every interface")
            if not any(e.policy is None for e in exposure.listeners)
            else passed("unlisted ports are bound to specific addresses")
        )
    expected = "bound to loopback, filtered, or declared public"
    failing = [e for e in unlisted if e.reachable_from_anywhere]
    if failing:
        return failed(
            f"{counted(len(failing), 'port', 'is', 'are')} outside the policy table and open to everyone; "
            f"{exposure.basis}",
            *all_evidence(failing, expected),
        )
    unsure = [e for e in unlisted if e.reachable_from_anywhere is None]
    if unsure:
        return unknown(
            f"the firewall's answer for unlisted ports is unavailable; {exposure.basis}",
            *all_evidence(unsure, expected),
        )
    idle = [e for e in unlisted if e.declared_only]
    if len(idle) == len(unlisted):
        return nothing_to_check(
            f"{plural(len(idle), 'port')} outside the policy table declared but not listening; "
            f"{exposure.basis}",
            *all_evidence(idle, expected),
        )
    note = f" ({len(idle)} more declared but not listening)" if idle else ""
    return passed(
        f"ports outside the policy table are filtered by the firewall{note}; {exposure.basis}",
        *all_evidence(idle, expected),
    )


@rule(
    id="exposure.ipv6-firewall-gap",
    title="Ports closed over IPv4 are not open over IPv6",
    problem="A port closed over IPv4 is open over IPv6",
    severity=Severity.HIGH,
    rationale="A service bound to `::` or `*` answers on IPv6 too; when only iptables (not ip6tables) "
    "restricts it, every IPv4 rule is bypassed by connecting to the host's IPv6 address.",
    remediation="Mirror the IPv4 rules in /etc/iptables/rules.v6 (or use an nftables `inet` table), "
    "or bind the service to an IPv4 address",
    references=("guide:002 firewall (IPv6 rules)",),
)
def ipv6_firewall_gap(exposure: ExposureFacts) -> Outcome:
    both = [e for e in exposure.listeners if not e.via_docker and len(e.by_family) == 2]
    dual = [e for e in both if not e.declared_only]
    idle = [e for e in both if e.declared_only]
    if not dual and idle:
        return nothing_to_check(
            f"{plural(len(idle), 'dual-stack port')} declared but not listening; {exposure.basis}",
            *all_evidence(idle, "the same filtering for IPv6"),
        )
    if not dual:
        return not_applicable("no service listens on both IPv4 and IPv6 beyond loopback")
    gaps = []
    unsure = []
    for item in dual:
        v4, v6 = item.family_access(Family.IPV4), item.family_access(Family.IPV6)
        if v4 is None or v6 is None or Access.UNKNOWN in (v4.state, v6.state):
            unsure.append(item)
        elif v4.state in (Access.BLOCKED, Access.RESTRICTED) and v6.state is Access.OPEN:
            shown = f"{label(item)}; IPv4 {v4.state}, IPv6 open"
            gaps.append(declared(item.listener, shown, "the same filtering for IPv6"))
            if item.socket is not None and item.socket.location != item.listener.location:
                gaps.append(socket_at(item.socket, f"listening on {item.socket.address}"))
            for family, access in (("IPv4", v4), ("IPv6", v6)):
                if access.location is not None:
                    port = f"{item.listener.port}/{item.listener.proto}"
                    gaps.append(verdict_at(access, f"{family} {access.state} for {port}: {access.detail}"))
    if gaps:
        return failed(f"ports filtered over IPv4 are open over IPv6; {exposure.basis}", *dict.fromkeys(gaps))
    if unsure:
        return unknown(
            f"the firewall's answer for IPv4 or IPv6 is unavailable; {exposure.basis}",
            *all_evidence(unsure, "the same filtering for IPv6"),
        )
    note = f", {len(idle)} more declared but not listening" if idle else ""
    return passed(
        f"{counted(len(dual), 'dual-stack listener', 'gets', 'get')} the same filtering on IPv4 and "
        f"IPv6{note}; {exposure.basis}",
        *all_evidence(idle, "the same filtering for IPv6"),
    )
