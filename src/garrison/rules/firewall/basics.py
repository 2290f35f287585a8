"""The accepts a default-deny firewall needs (loopback, replies, rate-limited ICMP) and IPv6 parity."""

from __future__ import annotations

from typing import Literal

from garrison.facts.firewall import Family, FirewallFacts, PortVerdict, Verdict
from garrison.facts.listeners import IpProtocol
from garrison.model import Evidence, Outcome, Severity, failed, not_applicable, passed, unknown
from garrison.rules.firewall.common import (
    DROP,
    at,
    cite,
    families,
    frame,
    home,
    in_effect,
    judged,
    missing,
    no_firewall,
)
from garrison.rules.registry import rule
from garrison.rules.wording import nothing_to_check, unique


def _accepts(
    fw: FirewallFacts,
    make: Literal["loopback", "reply"],
    label: str,
    expected: str,
    *,
    dropped: str,
    accepted: str,
) -> Outcome:
    """Whether the families that deny by default accept loopback (`make` "loopback") or reply traffic."""
    if not in_effect(fw):
        return no_firewall()
    bad: list[Evidence] = []
    restrictive = False
    for family in families(fw):
        if not fw.default_verdict(family).blocked:
            continue
        restrictive = True
        state = "ESTABLISHED" if make == "reply" else "NEW"
        verdict = fw.default_verdict(family, loopback=make == "loopback", state=state)
        if verdict.verdict is not Verdict.ACCEPT:
            bad.append(cite(fw, verdict, family, f"{family.value} {label}: {verdict.detail}", expected))
    if not bad and not restrictive:
        return nothing_to_check("the input chain does not deny by default")
    return judged(bad, dropped, accepted)


@rule(
    id="firewall.loopback-allowed",
    title="Loopback traffic is accepted",
    problem="Loopback traffic is dropped",
    severity=Severity.LOW,
    rationale="Local services talk over lo (database, Erlang distribution, proxies to backends); a "
    "default-deny input chain without an lo accept breaks them and tempts admins into opening ports.",
    remediation="iptables -I INPUT 1 -i lo -j ACCEPT  (nftables: `iif lo accept`)",
    references=("guide:002 step 2",),
)
def loopback_allowed(fw: FirewallFacts) -> Outcome:
    return _accepts(
        fw,
        "loopback",
        "loopback traffic",
        "-i lo -j ACCEPT",
        dropped="loopback traffic is dropped by the input chain",
        accepted="loopback traffic is accepted",
    )


@rule(
    id="firewall.established-allowed",
    title="Replies to the host's own connections are accepted",
    problem="Replies to the host's own connections are dropped",
    severity=Severity.LOW,
    rationale="Without a conntrack ESTABLISHED,RELATED accept, a default-deny input chain drops the "
    "answers to the host's DNS queries, package downloads and outgoing TLS.",
    remediation="iptables -I INPUT 2 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
    references=("guide:002 step 2",),
)
def established_allowed(fw: FirewallFacts) -> Outcome:
    return _accepts(
        fw,
        "reply",
        "established traffic",
        "--ctstate ESTABLISHED,RELATED -j ACCEPT",
        dropped="packets of established connections are dropped",
        accepted="established connections are accepted",
    )


@rule(
    id="firewall.icmp-rate-limited",
    title="Accepted ICMP is rate-limited",
    problem="ICMP is accepted without a rate limit",
    severity=Severity.LOW,
    rationale="ICMP is needed for path MTU discovery and diagnostics, but accepting it without a limit "
    "lets anyone use the host for ping floods and reflection.",
    remediation="iptables -A INPUT -p icmp --icmp-type any -m limit --limit 10/s -j ACCEPT",
    references=("guide:002 step 2",),
)
def icmp_rate_limited(fw: FirewallFacts) -> Outcome:
    if not in_effect(fw):
        return no_firewall()
    bad: list[Evidence] = []
    for family in families(fw):
        proto = "icmp" if family is Family.IPV4 else "icmpv6"
        verdict = fw.packet_verdict(family, proto, None)
        if verdict.verdict is Verdict.ACCEPT and not verdict.limited:
            bad.append(cite(fw, verdict, family, f"{proto}: {verdict.detail}", "-m limit --limit 10/s"))
    return judged(bad, "ICMP is accepted without a rate limit", "ICMP is rate-limited or not accepted")


_TCP_UDP = (IpProtocol.TCP, IpProtocol.UDP)


def _accepted_ports(fw: FirewallFacts, family: Family) -> set[tuple[int, IpProtocol]]:
    found: set[tuple[int, IpProtocol]] = set()
    for item in fw.reachable_rules(family):
        if item.verdict is Verdict.ACCEPT and item.dports and not item.dports_negated:
            protos = (IpProtocol(item.proto),) if item.proto in _TCP_UDP else _TCP_UDP
            found.update((r.low, p) for r in item.dports for p in protos)
    return found


def _ipv6_open(fw: FirewallFacts, default: PortVerdict, rules: bool) -> Evidence:
    """Where IPv6 accepts by default: the deciding policy or rule, or (no IPv6 rules) the file or live
    command where they belong (live: the command that shows no IPv6 rules)."""
    where = default.location or home(fw, Family.IPV6)
    expected = "IPv6 input denied by default"
    if not rules or default.location is None:
        actual = default.detail if rules else "no IPv6 rules: everything accepted"
        return missing(fw, where, actual, expected, wanted=DROP)
    return at(fw, where, default.detail, expected)


@rule(
    id="firewall.ipv6-parity",
    title="IPv6 is filtered as strictly as IPv4",
    problem="IPv6 is filtered less strictly than IPv4",
    severity=Severity.HIGH,
    rationale="A host with careful IPv4 rules and no IPv6 rules is wide open over IPv6, which most "
    "servers have; scanners and attackers try both.",
    remediation="Apply the same rules with ip6tables and save them (/etc/iptables/rules.v6), use an "
    "nftables `inet` table, or set IPV6=yes in /etc/default/ufw",
    references=("guide:002 step 2 (check IPv6)",),
)
def ipv6_parity(fw: FirewallFacts) -> Outcome:
    v4 = fw.effective(Family.IPV4)
    if not v4:
        return no_firewall()
    four = fw.default_verdict(Family.IPV4)
    if not four.blocked:
        return not_applicable("IPv4 traffic is not denied by default either (see firewall.final-deny)")
    if fw.ipv6_disabled is not None:
        return passed(f"IPv6 is disabled ({fw.ipv6_disabled})")
    if fw.ipv6_global == ():
        return passed("the host has no global IPv6 address")
    v6 = fw.effective(Family.IPV6)
    default = fw.default_verdict(Family.IPV6)
    if default.verdict is Verdict.UNKNOWN:
        why = cite(fw, default, Family.IPV6, default.detail, None)
        return unknown("cannot tell what IPv6 input does by default", why)
    if not default.blocked:
        found = [_ipv6_open(fw, default, bool(v6))]
        if four.location is not None:
            found.append(frame(four.location, f"IPv4: {four.detail}"))
        return failed("IPv4 is denied by default but IPv6 is not", *unique(found))
    extra: list[Evidence] = []
    for port, proto in sorted(_accepted_ports(fw, Family.IPV6)):
        six = fw.input_verdict(port, proto, Family.IPV6)
        if not six.open_to_world or six.by_policy:
            continue
        if not fw.input_verdict(port, proto, Family.IPV4).open_to_world:
            extra.append(cite(fw, six, Family.IPV6, f"{port}/{proto} open over IPv6 only", "same as IPv4"))
    return judged(
        extra, "IPv6 opens ports that IPv4 keeps closed", "IPv6 input is denied by default, like IPv4"
    )
