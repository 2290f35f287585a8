"""What the firewall does with one packet: first-match evaluation of a hook's chains, jumps included.

How a single rule matches the packet is `matching.classify` (NONE, ALL, RESTRICTED, UNCERTAIN).

Walking a chain: an ALL rule decides (ACCEPT/DROP/REJECT), returns (RETURN) or jumps into a user chain
(first-match continues there; falling off its end returns). A RESTRICTED ACCEPT is remembered as a
*partial* accept and the walk goes on; if a later drop decides, the verdict is ACCEPT restricted to those
sources. Conservatively, an UNCERTAIN rule is taken to match when it accepts and not to match when it drops.
When a base chain ends, its policy decides (nftables: accept unless `policy drop`). A NEW packet that a
notrack rule exempts from conntrack (raw-priority prerouting: iptables' raw table, nft `priority raw`) is
walked as UNTRACKED: `ct state established,related` and `ct state new` rules do not match it.

A verdict cites the rule that selects the port: the deciding rule when it names ports, else the innermost
jump on the way that does (`-p tcp --dport 22 -j SSH`), with the deciding rule as `decided_by`.

Several base chains on the same hook (nftables tables, or iptables next to nftables) must all let a packet
through: any drop wins, then unknown, then the most restricted accept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from garrison.facts.firewall.matching import UNTRACKED, Match, Packet, classify
from garrison.facts.firewall.model import (
    NON_TERMINAL,
    TERMINAL,
    Action,
    Chain,
    Family,
    FwRule,
    PortVerdict,
    Ruleset,
)
from garrison.facts.firewall.model import Verdict as V
from garrison.facts.firewall.portindex import candidate_rules
from garrison.facts.firewall.queries import untracked_by

__all__ = ["Packet", "combined_verdict", "packet_verdict"]

_MAX_DEPTH = 32
_MAX_STEPS = 200_000  # rule visits per walk: jump loops cannot hang the audit
_INDEXED_CHAIN = 64  # chains shorter than this are scanned whole (see portindex)


class _Walk:
    def __init__(self, ruleset: Ruleset, packet: Packet) -> None:
        self.ruleset = ruleset
        self.packet = packet
        self.partial: list[tuple[str, FwRule, FwRule]] = []  # (sources, selecting rule, accepting rule)
        self.path: list[FwRule] = []  # the jumps that led to the chain being walked
        self.steps = 0

    def selector(self, rule: FwRule) -> FwRule:
        """The rule that selects the packet's port on the way to `rule`: the innermost of the jumps and
        `rule` that names ports (`-p tcp --dport 22 -j SSH`, not the bare accept in SSH), else `rule`."""
        for item in (rule, *reversed(self.path)):
            if item.dports and not item.dports_negated:
                return item
        return rule

    def decide(self, verdict: V, rule: FwRule | None, chain: Chain | None = None) -> PortVerdict:
        if verdict in (V.DROP, V.REJECT) and self.partial:
            labels = tuple(dict.fromkeys(label for label, _, _ in self.partial))
            _, first, accepting = self.partial[0]
            by = accepting if accepting is not first else None
            return PortVerdict(V.ACCEPT, labels, first.location, False, first.text, first, decided_by=by)
        if rule is not None:
            chosen = self.selector(rule)
            by = rule if chosen is not rule else None
            return PortVerdict(verdict, (), chosen.location, False, chosen.text, chosen, decided_by=by)
        location = None if chain is None else chain.policy_location
        name = "" if chain is None else chain.name
        return PortVerdict(verdict, (), location, True, f"policy of {name}: {verdict.value}")

    def chain(self, chain: Chain, depth: int, label: str | None, sure: bool) -> PortVerdict | None:
        """Walk a chain. `sure`: every packet reaching here matches; otherwise only `label` sources do
        (label None: an unmodelled condition). Returns a verdict, or None when the walk falls off/returns."""
        if depth > _MAX_DEPTH:
            return PortVerdict(V.UNKNOWN, detail=f"jumps nest deeper than {_MAX_DEPTH} chains")
        for rule in candidate_rules(chain, self.packet.port, _INDEXED_CHAIN):
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
                self.partial.append((label, self.selector(rule), rule))
                return None
            return self.decide(V.ACCEPT, rule)
        if target in TERMINAL:
            return self.decide(V.DROP if target == "DROP" else V.REJECT, rule) if sure else None
        if rule.jump:
            sub = self.ruleset.chain(target)
            if sub is None:
                return None
            self.path.append(rule)
            try:
                return self.chain(sub, depth + 1, label, sure)
            finally:
                self.path.pop()
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
    exempt = untracked_by(rulesets, packet) if hook == "input" else None
    if exempt is not None:
        found = packet_verdict(rulesets, hook, replace(packet, state=UNTRACKED))
        return replace(found, untracked_by=exempt, detail=f"untracked ({exempt.text}); {found.detail}")
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
