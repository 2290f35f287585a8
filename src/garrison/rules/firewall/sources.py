"""Accepts that trust what a sender controls: its source port, a forgeable source address, or traffic that
skips connection tracking."""

from __future__ import annotations

from garrison.facts.firewall import Family, FirewallFacts, FwRule, PortVerdict
from garrison.facts.listeners import IpProtocol
from garrison.model import Evidence, Outcome, Severity, not_applicable
from garrison.rules.firewall.common import at, cite, families, in_effect, judged, no_firewall
from garrison.rules.registry import rule
from garrison.rules.wording import listing, plural


@rule(
    id="firewall.source-port-accept",
    title="No rule accepts traffic by its source port alone",
    problem="A rule accepts whatever comes from a given source port",
    severity=Severity.HIGH,
    rationale="The sender picks its source port. A rule such as `-p udp --sport 53 -j ACCEPT` (meant for "
    "DNS replies) lets anyone reach every UDP port of the host by sending from port 53; replies are "
    "what connection tracking's ESTABLISHED state is for.",
    remediation="Replace it with `-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`, or match the "
    "destination port (`--dport`) of the service instead",
    references=("guide:002 step 2",),
)
def source_port_accept(fw: FirewallFacts) -> Outcome:
    if not in_effect(fw):
        return no_firewall()
    found = [(family, item) for family in families(fw) for item in fw.sender_port_accepts(family)]
    bad = [
        at(fw, item.location, f"{family.value}: {_ports(item)} accepted from anywhere", "a --dport match")
        for family, item in found
    ]
    shown = listing(dict.fromkeys(_ports(item) for _, item in found), limit=4)
    return judged(
        bad,
        f"whatever comes from {shown} is let in, to any port of the host",
        "no rule accepts traffic by its source port alone",
    )


def _ports(item: FwRule) -> str:
    proto = item.proto or "any protocol"
    ports = listing(str(r) for r in item.sports)
    return f"source port {ports}/{proto}" + (" (multiport --ports)" if item.either_port else "")


@rule(
    id="firewall.private-sources-interface-bound",
    title="Private and loopback source ranges are accepted only on their own interface",
    problem="A private or loopback source range is accepted on every interface",
    severity=Severity.MEDIUM,
    rationale="Source addresses are not authenticated: a packet with a forged 10.0.0.0/8 or 127.0.0.1 "
    "source that arrives on the internet-facing interface matches `-s 10.0.0.0/8 -j ACCEPT` as well. "
    "Reverse-path filtering in loose mode (the usual default) does not stop it; UDP services answer it "
    "and a neighbour on the provider's network can complete TCP. Tie such accepts to the interface the "
    "private network is on.",
    remediation='iptables -A INPUT -i eth1 -s 10.0.0.0/8 -j ACCEPT  (nftables: `iifname "eth1" ip saddr '
    "10.0.0.0/8 accept`; loopback: `-i lo`)",
    references=("guide:002 step 2",),
)
def private_sources_interface_bound(fw: FirewallFacts) -> Outcome:
    if not in_effect(fw):
        return no_firewall()
    found = [(family, item) for family in families(fw) for item in fw.spoofable_accepts(family)]
    bad = [
        at(
            fw,
            item.location,
            f"{family.value}: accepts source {item.source} on "
            + (f"every interface but {item.in_iface}" if item.in_iface else "every interface"),
            "-i <the private network's interface>",
        )
        for family, item in found[:_MOST_CITED]
    ]
    more = f" ({len(found)} rules; the first {_MOST_CITED} cited)" if len(found) > _MOST_CITED else ""
    return judged(
        bad,
        f"private or loopback source ranges are accepted on every interface, where they can be forged{more}",
        "private and loopback source ranges are accepted only on a named interface",
    )


#: A ruleset of thousands of per-address accepts is one finding; citing each would bury the report.
_MOST_CITED = 50


_TCP_UDP = (IpProtocol.TCP, IpProtocol.UDP)


def _probes(item: FwRule) -> list[tuple[str, int | None]]:
    """(proto, port) packets a notrack rule exempts: its ports (None: an unlisted one) per protocol."""
    protos = [item.proto] if item.proto in _TCP_UDP else list(_TCP_UDP)
    ports: list[int | None] = [r.low for r in item.dports[:8]] if not item.dports_negated else []
    return [(proto, port) for proto in protos for port in (ports or [None])]


def _bypass(fw: FirewallFacts, family: Family, proto: str, port: int | None) -> PortVerdict | None:
    """The untracked verdict when it is open to anyone and the tracked one is not."""
    if port is None:
        loose = fw.default_verdict(family, proto=proto)
        strict = fw.default_verdict(family, proto=proto, notrack=False)
    else:
        loose = fw.packet_verdict(family, proto, port)
        strict = fw.packet_verdict(family, proto, port, notrack=False)
    bypassed = loose.untracked_by is not None and loose.open_to_world and not strict.open_to_world
    return loose if bypassed else None


@rule(
    id="firewall.untracked-filtered",
    title="Traffic exempted from connection tracking is filtered like tracked traffic",
    problem="Untracked traffic is accepted where tracked traffic is dropped",
    severity=Severity.HIGH,
    rationale="A notrack rule before conntrack (iptables' raw table, nftables `priority raw`) makes its "
    "packets UNTRACKED: they match neither `ct state new` nor `established,related`, and a broad `ct "
    "state untracked accept` then lets them all in, whatever port they are for.",
    remediation="Accept untracked traffic only for the service it was exempted for (e.g. `udp dport 53 ct "
    "state untracked accept`), or drop the notrack rule",
    references=("guide:002 step 2",),
)
def untracked_filtered(fw: FirewallFacts) -> Outcome:
    if not in_effect(fw):
        return no_firewall()
    bad: list[Evidence] = []
    exempting = 0
    for family in families(fw):
        for item in fw.notrack_rules(family):
            exempting += 1
            for proto, port in _probes(item):
                verdict = _bypass(fw, family, proto, port)
                if verdict is None:
                    continue
                shown = f"{port}/{proto}" if port is not None else f"any {proto} port"
                bad.append(at(fw, item.location, f"{family.value}: {shown} exempted from tracking"))
                bad.append(
                    cite(fw, verdict, family, f"{shown}: {verdict.detail}", "dropped, as when tracked")
                )
    if not exempting:
        return not_applicable("no rule exempts traffic from connection tracking")
    return judged(
        bad,
        "traffic exempted from connection tracking is accepted from anywhere where tracked traffic is not",
        f"untracked traffic is filtered like tracked traffic ({plural(exempting, 'notrack rule')})",
    )
