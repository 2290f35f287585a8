"""The normalised host firewall: rulesets of chains of rules, whatever tool wrote them.

iptables-save output, iptables-restore files, ufw's files and nftables (live JSON or /etc/nftables.conf) all
become `Ruleset`s: one per source and address family, holding `Chain`s of `FwRule`s in order. A base chain
names the netfilter hook it sits on (`input`, `forward`, `output`) and its policy. Matches that Garrison does
not model are kept as `opaque` text so that evaluation can treat the rule conservatively (see
`garrison.facts.firewall.verdict`).

The query other packs use (exposure, SIP):

    facts.input_verdict(port: int, proto: str, family: str = "ipv4") -> PortVerdict

answers "what happens to a NEW `proto` connection to local `port` from an arbitrary internet source": the
rulesets in effect for the family are walked first-match down the input hook, into user chains (ufw's
ufw-before-input -> ufw-user-input, ...) and back on RETURN; the chain policy decides when no rule does.
`PortVerdict.verdict` is accept | drop | reject | unknown; an accept limited to some sources has them in
`restricted_to` (`open_to_world` is an accept with none); `location` is the deciding rule or policy
(None when no ruleset exists for the family: then the verdict is accept by policy); `by_policy` says no
rule decided. Several rulesets (iptables beside nftables tables) must all accept. With IPv6 disabled on the
host, IPv6 queries answer drop at the place where it is disabled.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from garrison.model import Location, ParseIssue


class Family(StrEnum):
    IPV4 = "ipv4"
    IPV6 = "ipv6"


class Verdict(StrEnum):
    ACCEPT = "accept"
    DROP = "drop"
    REJECT = "reject"
    UNKNOWN = "unknown"


class Action(StrEnum):
    """A chain's policy, or ufw's DEFAULT_*_POLICY: what happens to a packet that no rule decides."""

    ACCEPT = "ACCEPT"
    DROP = "DROP"
    REJECT = (
        "REJECT"  # ufw's default only: ufw ends its chains with a reject rule, iptables has no such policy
    )

    @classmethod
    def parse(cls, text: str) -> Action | None:
        """The action a config spells `text` (any case), None when it names none of these."""
        return cls._value2member_map_.get(text.strip().upper())  # type: ignore[return-value]

    @property
    def verdict(self) -> Verdict:
        return _ACTION_VERDICTS[self]


_ACTION_VERDICTS = {Action.ACCEPT: Verdict.ACCEPT, Action.DROP: Verdict.DROP, Action.REJECT: Verdict.REJECT}


class RulesetKind(StrEnum):
    """The tool whose rules a ruleset holds."""

    IPTABLES = "iptables"
    NFTABLES = "nftables"
    UFW = "ufw"


class PersistenceKind(StrEnum):
    """What loads a firewall ruleset at boot."""

    IPTABLES_PERSISTENT = "iptables-persistent"  # /etc/iptables/rules.v4, rules.v6 (netfilter-persistent)
    IPTABLES_SERVICE = "iptables.service"  # /etc/sysconfig/iptables (RHEL's iptables-services)
    BOOT_RESTORE = "boot-restore"  # an @reboot crontab line, rc.local or an if-pre-up.d script
    NFTABLES_SERVICE = "nftables.service"  # /etc/nftables.conf
    UFW = "ufw"  # ENABLED=yes in /etc/ufw/ufw.conf


#: Targets that end a packet's walk through the rules.
TERMINAL = frozenset({"ACCEPT", "DROP", "REJECT"})
#: Targets that do something (log, mark, count) and let the packet go on to the next rule.
NON_TERMINAL = frozenset(
    {"", "LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "TRACE", "AUDIT", "CT", "SET", "NOTRACK", "COUNTER"}
)


@dataclass(frozen=True, slots=True)
class PortRange:
    low: int
    high: int

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.low <= port <= self.high

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}:{self.high}"


@dataclass(frozen=True, slots=True)
class FwRule:
    """One rule. `target` is ACCEPT/DROP/REJECT/RETURN, a non-terminal action (LOG, ...), "" for none, or
    the name of a user chain (then `jump` is True; `goto` for nft's goto / iptables' -g)."""

    location: Location
    text: str
    target: str
    jump: bool = False
    goto: bool = False
    proto: str | None = None  # "tcp", "udp", "icmp", "ipv6-icmp", "icmp,icmpv6" (a set) ... None = any
    proto_negated: bool = False
    dports: tuple[PortRange, ...] = ()  # () = any port
    dports_negated: bool = False
    source: str | None = None  # "10.0.0.0/8", "@allowed" (a named set), "ipset:trusted"
    source_negated: bool = False
    destination: str | None = None
    in_iface: str | None = None
    in_iface_negated: bool = False
    ct_states: tuple[str, ...] = ()  # upper case: NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED
    ct_negated: bool = False
    dst_type: str | None = None  # addrtype --dst-type (LOCAL, BROADCAST, MULTICAST, ...)
    limited: bool = False  # -m limit / hashlimit / nft `limit rate` (not `over`)
    family_only: Family | None = None  # nft `ip saddr ...` in an inet table only matches IPv4
    opaque: tuple[str, ...] = ()  # matches Garrison does not model: the rule may or may not match

    @property
    def verdict(self) -> Verdict | None:
        return {"ACCEPT": Verdict.ACCEPT, "DROP": Verdict.DROP, "REJECT": Verdict.REJECT}.get(self.target)


@dataclass(frozen=True, slots=True)
class Chain:
    name: str
    rules: tuple[FwRule, ...] = ()
    hook: str | None = None  # "input" | "forward" | "output" for a base chain, None for a user chain
    policy: Action | None = None  # base chains; None for a user chain
    policy_location: Location | None = None
    #: Derived lookup structures (the port index of verdict.py), built on first use; not part of the value.
    cache: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Ruleset:
    """The filter rules of one source for one family.

    `source` names where they come from: a path ("/etc/iptables/rules.v4"), a command ("iptables-save",
    "nft list ruleset") or "ufw". `kind` names the tool. `in_effect` says whether the rules
    filter traffic: live rules always do; a file does when something loads it at boot (persistence).
    """

    source: str
    kind: RulesetKind
    family: Family
    chains: tuple[Chain, ...]
    in_effect: bool = True
    live: bool = False
    location: Location | None = None

    def chain(self, name: str) -> Chain | None:
        return next((c for c in self.chains if c.name == name), None)

    def base_chains(self, hook: str) -> tuple[Chain, ...]:
        return tuple(c for c in self.chains if c.hook == hook)

    def rules(self) -> Iterator[FwRule]:
        for chain in self.chains:
            yield from chain.rules

    @property
    def empty(self) -> bool:
        """No rule at all and every base chain accepts: the ruleset filters nothing."""
        return not any(c.rules for c in self.chains) and all(
            c.policy in (None, Action.ACCEPT) for c in self.chains if c.hook
        )


@dataclass(frozen=True, slots=True)
class UfwConfig:
    """ufw's own switches: /etc/ufw/ufw.conf ENABLED and /etc/default/ufw policies (ufw 0.36.2 defaults)."""

    enabled: bool
    enabled_location: Location
    input_policy: Action
    input_policy_location: Location
    forward_policy: Action
    forward_policy_location: Location
    ipv6: bool
    ipv6_location: Location


@dataclass(frozen=True, slots=True)
class Persistence:
    """Something that loads firewall rules at boot: kind and where it is configured."""

    kind: PersistenceKind
    location: Location
    restores: str | None = None  # the rules file it loads
    missing: bool = False  # that file does not exist


@dataclass(frozen=True, slots=True)
class PortVerdict:
    """What the firewall does with a new connection to a local port from an arbitrary source.

    `verdict` ACCEPT means at least some sources get through; `restricted_to` then lists the source
    networks/interfaces the accepting rules are limited to (empty: anyone). `location` is the deciding rule
    or policy (None when there is no ruleset at all); `by_policy` is True when no rule decided, and `rule` is
    the deciding rule otherwise.
    """

    verdict: Verdict
    restricted_to: tuple[str, ...] = ()
    location: Location | None = None
    by_policy: bool = False
    detail: str = ""
    rule: FwRule | None = None  # the deciding rule, when a rule decided

    @property
    def source_restricted(self) -> bool:
        return bool(self.restricted_to)

    @property
    def open_to_world(self) -> bool:
        return self.verdict is Verdict.ACCEPT and not self.restricted_to

    @property
    def blocked(self) -> bool:
        return self.verdict in (Verdict.DROP, Verdict.REJECT)


@dataclass(frozen=True, slots=True)
class FirewallFacts:
    """Everything known about the host firewall.

    `rulesets`: every ruleset found, live and saved; those with `in_effect` filter traffic (live rules on a
    live host; on an offline root, the files that something loads at boot). `persistence`: what loads rules at
    boot. `ufw`: ufw's switches when ufw is installed or configured. `ipv6_disabled`: where IPv6 is turned off
    (sysctl or kernel command line), if it is; `ipv6_global`: the
    host's global IPv6 addresses (live only, else None). `tooling`: firewall programs found on the target.
    `live_commands`: the live commands that answered ("iptables-save", "ip6tables-save", "nft -j list
    ruleset"), which evidence cites when live state shows no rules for a family.
    """

    live: bool
    rulesets: tuple[Ruleset, ...]
    persistence: tuple[Persistence, ...] = ()
    ufw: UfwConfig | None = None
    ipv6_disabled: Location | None = None
    ipv6_global: tuple[str, ...] | None = None
    tooling: tuple[str, ...] = ()
    issues: tuple[ParseIssue, ...] = field(default=())
    live_commands: tuple[str, ...] = ()

    def effective(self, family: Family | str) -> tuple[Ruleset, ...]:
        fam = Family(family)
        return tuple(r for r in self.rulesets if r.in_effect and r.family is fam)

    def input_verdict(self, port: int, proto: str, family: Family | str = Family.IPV4) -> PortVerdict:
        """First-match verdict of the input hook for a new `proto` connection to `port` (see verdict.py)."""
        from garrison.facts.firewall.verdict import combined_verdict

        fam = Family(family)
        if fam is Family.IPV6 and self.ipv6_disabled is not None:
            return PortVerdict(Verdict.DROP, (), self.ipv6_disabled, True, "IPv6 is disabled on this host")
        return combined_verdict(self.effective(fam), "input", port, proto.lower(), fam)

    def default_verdict(self, family: Family | str = Family.IPV4, hook: str = "input") -> PortVerdict:
        """The verdict for a port that no rule names: what the firewall does with unlisted traffic."""
        from garrison.facts.firewall.verdict import combined_verdict, unlisted_port

        rulesets = self.effective(family)
        return combined_verdict(rulesets, hook, unlisted_port(rulesets), "tcp", Family(family))

    @property
    def restrictive(self) -> bool:
        """True when unlisted IPv4 traffic is dropped or rejected."""
        return self.default_verdict(Family.IPV4).blocked
