"""What the firewall does with one packet: first-match evaluation of a hook's chains, jumps included.

The question is always about traffic *from an arbitrary source* (someone on the internet), arriving on a
non-loopback interface unless asked otherwise, as a NEW connection unless asked otherwise.

Each rule's matches are classified against the packet:
- NONE: the rule cannot match (other port or protocol, `-i lo`, `--ctstate ESTABLISHED,RELATED` for a new
  connection, a loopback or multicast destination, a loopback source);
- ALL: it matches whoever sends the packet;
- RESTRICTED: it matches only some sources (`-s 10.0.0.0/8`, `ip saddr @trusted`, `-i eth1`);
- UNCERTAIN: it has matches Garrison does not model (`-m recent`, `--sport`, `-m connlimit`).

Walking a chain: an ALL rule decides (ACCEPT/DROP/REJECT), returns (RETURN) or jumps into a user chain
(first-match continues there; falling off its end returns). A RESTRICTED ACCEPT is remembered as a
*partial* accept and the walk goes on; if a later drop decides, the verdict is ACCEPT restricted to those
sources. Conservatively, an UNCERTAIN rule is taken to match when it accepts and not to match when it drops.
When a base chain ends, its policy decides (nftables: accept unless `policy drop`).

Several base chains on the same hook (nftables tables, or iptables next to nftables) must all let a packet
through: any drop wins, then unknown, then the most restricted accept.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from garrison.facts.firewall.model import (
    NON_TERMINAL,
    TERMINAL,
    Action,
    Chain,
    Family,
    FwRule,
    PortRange,
    PortVerdict,
    Ruleset,
)
from garrison.facts.firewall.model import Verdict as V

_MAX_DEPTH = 32
_MAX_STEPS = 200_000  # rule visits per walk: jump loops cannot hang the audit
_PROTO_ALIASES = {
    "6": "tcp",
    "17": "udp",
    "1": "icmp",
    "58": "icmpv6",
    "ipv6-icmp": "icmpv6",
    "icmp6": "icmpv6",
    "132": "sctp",
}
_ANY_PROTO = frozenset({"all", "0", "any"})
_WORLD = frozenset({"0.0.0.0/0", "::/0", "0/0", "::0/0", "0.0.0.0/0.0.0.0"})
#: Ports tried, in order, as "a port no rule names" for the default verdict.
_UNLISTED_CANDIDATES = (47, 9, 7, 13, 37, 79, 113, 1, 2, 3, 4, 5, 61000, 64999)


@dataclass(frozen=True, slots=True)
class Packet:
    proto: str
    port: int | None
    family: Family
    loopback: bool = False  # arrives on lo from 127.0.0.1 / ::1
    state: str = "NEW"


class Match(Enum):
    NONE = 0
    ALL = 1
    RESTRICTED = 2
    UNCERTAIN = 3


def norm_proto(proto: str) -> str:
    text = proto.lower()
    return _PROTO_ALIASES.get(text, text)


@lru_cache(maxsize=256)
def _protocols(text: str) -> tuple[str, ...]:
    return tuple(norm_proto(p) for p in text.split(",") if p)


@lru_cache(maxsize=65536)
def _address_kind(text: str) -> str:
    """ "loopback", "multicast" (incl. broadcast), "world" or "other"."""
    if text in _WORLD:
        return "world"
    try:
        net = ipaddress.ip_network(text.split(",")[0], strict=False)
    except ValueError:
        return "other"
    if net.prefixlen == 0:
        return "world"
    if net.is_loopback:
        return "loopback"
    if net.is_multicast or str(net.network_address) == "255.255.255.255":
        return "multicast"
    return "other"


def classify(rule: FwRule, packet: Packet) -> tuple[Match, str]:
    """How `rule` matches `packet`, with the restriction's text for RESTRICTED."""
    if rule.family_only is not None and rule.family_only is not packet.family:
        return Match.NONE, ""
    protos = () if rule.proto is None else _protocols(rule.proto)
    if protos and not _ANY_PROTO & set(protos) and (norm_proto(packet.proto) in protos) == rule.proto_negated:
        return Match.NONE, ""
    if rule.dports:
        if packet.port is None:
            return Match.NONE, ""
        inside = any(packet.port in r for r in rule.dports)
        if inside == rule.dports_negated:
            return Match.NONE, ""
    if rule.ct_states and (packet.state in rule.ct_states) == rule.ct_negated:
        return Match.NONE, ""
    restrictions: list[str] = []
    if rule.in_iface is not None:
        is_lo = rule.in_iface in ("lo", "lo+")
        if rule.in_iface_negated:
            if is_lo and packet.loopback:
                return Match.NONE, ""
        elif is_lo != packet.loopback:
            if is_lo:
                return Match.NONE, ""
            restrictions.append(f"interface {rule.in_iface}")
    if rule.dst_type is not None and rule.dst_type.upper() not in ("LOCAL", "UNICAST"):
        return Match.NONE, ""
    uncertain = bool(rule.opaque)
    if rule.destination is not None:
        kind = _address_kind(rule.destination)
        if kind == "multicast" or (kind == "loopback" and not packet.loopback):
            return Match.NONE, ""
        uncertain = uncertain or kind == "other"
    if rule.source is not None and not rule.source_negated:
        kind = _address_kind(rule.source)
        if kind == "loopback":
            if not packet.loopback:
                return Match.NONE, ""
        elif kind != "world" and not packet.loopback:
            restrictions.append(rule.source)
    if restrictions:
        return Match.RESTRICTED, " ".join(restrictions)
    return (Match.UNCERTAIN, "") if uncertain else (Match.ALL, "")


_INDEXED_CHAIN = 64  # chains shorter than this are scanned whole
_SPREAD_LIMIT = 64  # port ranges up to this wide are indexed port by port


@dataclass(frozen=True, slots=True)
class _PortIndex:
    """Which rules of a long chain can match a given destination port, in chain order.

    A rule that names ports (not negated) can only match a packet to one of them, so a packet's
    candidates are the port-independent rules plus the rules naming its port: first-match order is kept
    by merging the sorted index lists. Makes a 50k-rule chain answer a port query in a few steps."""

    general: tuple[int, ...]
    by_port: dict[int, tuple[int, ...]]
    wide: tuple[tuple[PortRange, int], ...]

    @staticmethod
    def build(chain: Chain) -> _PortIndex:
        general: list[int] = []
        by_port: dict[int, list[int]] = {}
        wide: list[tuple[PortRange, int]] = []
        for i, rule in enumerate(chain.rules):
            if not rule.dports or rule.dports_negated:
                general.append(i)
                continue
            for ports in rule.dports:
                if ports.high - ports.low < _SPREAD_LIMIT:
                    for port in range(ports.low, ports.high + 1):
                        by_port.setdefault(port, []).append(i)
                else:
                    wide.append((ports, i))
        return _PortIndex(tuple(general), {k: tuple(v) for k, v in by_port.items()}, tuple(wide))

    def candidates(self, chain: Chain, port: int | None) -> Iterator[FwRule]:
        if port is None:  # a rule naming ports never matches a packet without one
            return (chain.rules[i] for i in self.general)
        hits = {*self.by_port.get(port, ()), *(i for r, i in self.wide if port in r)}
        if not hits:
            return (chain.rules[i] for i in self.general)
        # port-independent rules and port-naming rules are disjoint sets: one sort restores chain order
        return (chain.rules[i] for i in sorted((*self.general, *hits)))


def _candidate_rules(chain: Chain, port: int | None) -> Sequence[FwRule] | Iterator[FwRule]:
    if len(chain.rules) < _INDEXED_CHAIN:
        return chain.rules
    index = chain.cache.get("port_index")
    if not isinstance(index, _PortIndex):
        index = _PortIndex.build(chain)
        chain.cache["port_index"] = index
    return index.candidates(chain, port)


class _Walk:
    def __init__(self, ruleset: Ruleset, packet: Packet) -> None:
        self.ruleset = ruleset
        self.packet = packet
        self.partial: list[tuple[str, FwRule]] = []
        self.steps = 0

    def decide(self, verdict: V, rule: FwRule | None, chain: Chain | None = None) -> PortVerdict:
        if verdict in (V.DROP, V.REJECT) and self.partial:
            labels = tuple(dict.fromkeys(label for label, _ in self.partial))
            first = self.partial[0][1]
            return PortVerdict(V.ACCEPT, labels, first.location, False, first.text, first)
        if rule is not None:
            return PortVerdict(verdict, (), rule.location, False, rule.text, rule)
        location = None if chain is None else chain.policy_location
        name = "" if chain is None else chain.name
        return PortVerdict(verdict, (), location, True, f"policy of {name}: {verdict.value}")

    def chain(self, chain: Chain, depth: int, label: str | None, sure: bool) -> PortVerdict | None:
        """Walk a chain. `sure`: every packet reaching here matches; otherwise only `label` sources do
        (label None: an unmodelled condition). Returns a verdict, or None when the walk falls off/returns."""
        if depth > _MAX_DEPTH:
            return PortVerdict(V.UNKNOWN, detail=f"jumps nest deeper than {_MAX_DEPTH} chains")
        for rule in _candidate_rules(chain, self.packet.port):
            self.steps += 1
            if self.steps > _MAX_STEPS:
                return PortVerdict(V.UNKNOWN, (), rule.location, False, "too many jumps to evaluate", rule)
            match, why = classify(rule, self.packet)
            if match is Match.NONE:
                continue
            if match is Match.ALL and rule.limited and rule.target != "ACCEPT":
                match = Match.UNCERTAIN  # a rate-limited drop lets the rest through
            sub_label: str | None
            if match is Match.RESTRICTED:
                sub_sure, sub_label = False, (why if sure else label or why)
            elif match is Match.UNCERTAIN and rule.target == "ACCEPT":
                sub_sure, sub_label = sure, label  # assume an unmodelled accept matches
            elif match is Match.UNCERTAIN and rule.jump:
                sub_sure, sub_label = False, label
            elif match is Match.UNCERTAIN:
                continue  # an unmodelled condition on a drop or return: assume it may not match
            else:
                sub_sure, sub_label = sure, label
            found = self.rule(rule, depth, sub_label, sub_sure)
            if found is not None:
                if (
                    found.verdict is V.UNKNOWN
                    or sub_sure
                    or (found.verdict is V.ACCEPT and sub_label is None)
                ):
                    return found
            elif (rule.target == "RETURN" and sub_sure) or (rule.goto and sub_sure):
                return None
        return None

    def rule(self, rule: FwRule, depth: int, label: str | None, sure: bool) -> PortVerdict | None:
        target = rule.target
        if target == "ACCEPT":
            if not sure and label is not None:
                self.partial.append((label, rule))
                return None
            return self.decide(V.ACCEPT, rule)
        if target in TERMINAL:
            return self.decide(V.DROP if target == "DROP" else V.REJECT, rule) if sure else None
        if rule.jump:
            sub = self.ruleset.chain(target)
            if sub is None:
                return None
            return self.chain(sub, depth + 1, label, sure)
        if target == "RETURN" or target in NON_TERMINAL:
            return None
        if not sure:
            return None
        return PortVerdict(V.UNKNOWN, (), rule.location, False, f"target {target} is not modelled", rule)

    def base(self, chain: Chain) -> PortVerdict:
        found = self.chain(chain, 0, None, True)
        if found is not None:
            return found
        policy = (chain.policy or Action.ACCEPT).verdict
        return self.decide(policy, None, chain)


def packet_verdict(rulesets: Sequence[Ruleset], hook: str, packet: Packet) -> PortVerdict:
    results = [
        _Walk(ruleset, packet).base(chain) for ruleset in rulesets for chain in ruleset.base_chains(hook)
    ]
    if not results:
        return PortVerdict(
            V.ACCEPT, by_policy=True, detail=f"no {packet.family.value} firewall rules in effect"
        )
    ranked = sorted(results, key=_rank)
    return ranked[0]


def _rank(result: PortVerdict) -> int:
    """Which of several base chains' verdicts is the combined one (lowest first)."""
    if result.blocked:
        return 0 if not result.by_policy else 1
    if result.verdict is V.UNKNOWN:
        return 2
    if result.source_restricted:
        return 3
    return 4 if not result.by_policy else 5


def combined_verdict(
    rulesets: Sequence[Ruleset], hook: str, port: int, proto: str, family: Family
) -> PortVerdict:
    return packet_verdict(rulesets, hook, Packet(proto, port, family))


def unlisted_port(rulesets: Sequence[Ruleset]) -> int:
    """A port that no rule of these rulesets names (so rules about specific ports do not decide)."""
    ranges = [r for ruleset in rulesets for rule in ruleset.rules() for r in rule.dports]
    for port in _UNLISTED_CANDIDATES:
        if not any(port in r for r in ranges):
            return port
    return _UNLISTED_CANDIDATES[0]


def reachable_rules(ruleset: Ruleset, hook: str) -> Iterator[tuple[Chain, FwRule]]:
    """Every rule of the hook's base chains and of the user chains they jump to (each chain once)."""
    seen: set[str] = set()
    stack = list(reversed(ruleset.base_chains(hook)))
    while stack:
        chain = stack.pop()
        if chain.name in seen:
            continue
        seen.add(chain.name)
        jumped = []
        for rule in chain.rules:
            yield chain, rule
            if rule.jump:
                sub = ruleset.chain(rule.target)
                if sub is not None:
                    jumped.append(sub)
        stack.extend(reversed(jumped))


def filters_input(ruleset: Ruleset) -> bool:
    """True when the input hook drops or rejects anything: a DROP policy or a reachable drop/reject rule."""
    if any(c.policy in (Action.DROP, Action.REJECT) for c in ruleset.base_chains("input")):
        return True
    return any(rule.target in ("DROP", "REJECT") for _, rule in reachable_rules(ruleset, "input"))
