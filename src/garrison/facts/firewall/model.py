"""The normalised host firewall: rulesets of chains of rules, whatever tool wrote them.

iptables-save output, iptables-restore files, ufw's files and nftables (live JSON or /etc/nftables.conf) all
become `Ruleset`s: one per source and address family, holding `Chain`s of `FwRule`s in order. A base chain
names the netfilter hook it sits on (`input`, `forward`, `output`; `prerouting` with its priority, for the
notrack rules that run before conntrack) and its policy. Matches that Garrison does not model are kept as
`opaque` text so that evaluation can treat the rule conservatively (see `garrison.facts.firewall.verdict`).
A host with nothing of a firewall gets facts with `absent` set, naming what was looked for.

Queries: `FirewallFacts.input_verdict(port, proto, family)` answers "what happens to a NEW connection to
local `port` from an arbitrary internet source" (first-match down the input hook, into user chains and back;
the policy decides when no rule does; several rulesets must all accept; IPv6 disabled answers drop where it
is disabled); `verdict` walks, `queries` answers the rest (reachable rules, explicit drops, setting refs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from garrison.facts.firewall.fwrule import NON_TERMINAL as NON_TERMINAL
from garrison.facts.firewall.fwrule import TERMINAL as TERMINAL
from garrison.facts.firewall.fwrule import FwRule as FwRule
from garrison.facts.firewall.fwrule import PortRange as PortRange
from garrison.facts.firewall.fwrule import TcpFlags as TcpFlags
from garrison.facts.firewall.kinds import Action as Action  # the vocabularies, re-exported with the shapes
from garrison.facts.firewall.kinds import Family as Family
from garrison.facts.firewall.kinds import PersistenceKind as PersistenceKind
from garrison.facts.firewall.kinds import RulesetKind as RulesetKind
from garrison.facts.firewall.kinds import Verdict as Verdict
from garrison.facts.firewall.switches import Persistence as Persistence
from garrison.facts.firewall.switches import UfwConfig as UfwConfig
from garrison.model import Dialect, Location, ParseIssue, SettingRef


@dataclass(frozen=True, slots=True)
class Chain:
    name: str
    rules: tuple[FwRule, ...] = ()
    hook: str | None = None  # "input" | "forward" | "output" for a base chain, None for a user chain
    policy: Action | None = None  # base chains; None for a user chain
    policy_location: Location | None = None
    priority: int | None = None  # a base chain's hook priority (nft `priority raw` = -300), when known
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
    def filters_input(self) -> bool:
        """The input hook drops or rejects anything: a DROP policy or a reachable drop/reject rule."""
        from garrison.facts.firewall.queries import filters_input

        return filters_input(self)

    @property
    def ends_in_deny(self) -> bool:
        """Some input base chain ends in a DROP/REJECT policy or an unconditional final drop rule."""
        from garrison.facts.firewall.queries import ends_in_deny

        return ends_in_deny(self)

    def same_rules(self, other: Ruleset) -> bool:
        """The same input policy and reachable input rules (runtime chains left out) as `other`."""
        from garrison.facts.firewall.iptables import ruleset_signature

        return ruleset_signature(self) == ruleset_signature(other)

    @property
    def empty(self) -> bool:
        """No rule at all and every base chain accepts: the ruleset filters nothing."""
        return not any(c.rules for c in self.chains if c.hook != "prerouting") and all(
            c.policy in (None, Action.ACCEPT) for c in self.chains if c.hook
        )


@dataclass(frozen=True, slots=True)
class PortVerdict:
    """What the firewall does with a new connection to a local port from an arbitrary source.

    `verdict` ACCEPT means at least some sources get through; `restricted_to` then lists the source
    networks/interfaces the accepting rules are limited to (empty: anyone). `location` is the deciding rule
    or policy (None when there is no ruleset at all); `by_policy` is True when no rule decided, and `rule` is
    the rule that selected the port otherwise (a `--dport 22 -j SSH` jump; `decided_by` the accept in SSH).
    """

    verdict: Verdict
    restricted_to: tuple[str, ...] = ()
    location: Location | None = None
    by_policy: bool = False
    detail: str = ""
    rule: FwRule | None = None  # the deciding rule, when a rule decided
    untracked_by: FwRule | None = None  # the notrack rule that exempts the packet from conntrack
    decided_by: FwRule | None = None  # the terminal rule, when the port was selected by a jump before it

    @property
    def limited(self) -> bool:
        """The deciding rule, or the jump that selected the port, is rate-limited."""
        return any(r is not None and r.limited for r in (self.rule, self.decided_by))

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
    ruleset"), which evidence cites when live state shows no rules for a family. `absent`: nothing at all
    was found (no rules, files, programs or live answer); `searched` names the rulesets looked for and
    `tried` the live commands asked, each with what it gave ("not installed", "no filter rules").
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
    absent: bool = False
    searched: tuple[str, ...] = ()
    tried: tuple[tuple[str, str], ...] = ()
    #: setting_at's index (location -> first ruleset holding it, its reference), filled on first use: a rule
    #: that cites 50,000 accepts must not search every chain for each of them
    _settings: dict[Location, tuple[int, Dialect, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def effective(self, family: Family | str) -> tuple[Ruleset, ...]:
        fam = Family(family)
        return tuple(r for r in self.rulesets if r.in_effect and r.family is fam)

    def input_verdict(self, port: int, proto: str, family: Family | str = Family.IPV4) -> PortVerdict:
        """First-match verdict of the input hook for a new `proto` connection to `port` (see verdict.py)."""
        from garrison.facts.firewall.verdict import combined_verdict

        fam = Family(family)
        if self.absent:
            return PortVerdict(Verdict.ACCEPT, detail="no firewall configured")
        if fam is Family.IPV6 and self.ipv6_disabled is not None:
            return PortVerdict(Verdict.DROP, (), self.ipv6_disabled, True, "IPv6 is disabled on this host")
        return combined_verdict(self.effective(fam), "input", port, proto.lower(), fam)

    def default_verdict(
        self,
        family: Family | str = Family.IPV4,
        hook: str = "input",
        proto: str = "tcp",
        *,
        loopback: bool = False,
        state: str = "NEW",
        notrack: bool = True,
    ) -> PortVerdict:
        """The verdict for a port that no rule names: what the firewall does with unlisted traffic (a new
        connection from anywhere, or arriving on lo, or a reply with `state` ESTABLISHED)."""
        from garrison.facts.firewall.queries import unlisted_port

        port = unlisted_port(self.effective(family))
        return self.packet_verdict(
            family, proto, port, hook=hook, loopback=loopback, state=state, notrack=notrack
        )

    def packet_verdict(
        self,
        family: Family | str,
        proto: str,
        port: int | None,
        *,
        hook: str = "input",
        loopback: bool = False,
        state: str = "NEW",
        notrack: bool = True,
    ) -> PortVerdict:
        """The first-match walk for one packet (port None: ICMP), IPv6 walked even when it is disabled;
        `notrack` False walks it as tracked even where a raw-priority notrack rule exempts it."""
        from garrison.facts.firewall.verdict import Packet, packet_verdict

        packet = Packet(proto, port, Family(family), loopback=loopback, state=state, notrack=notrack)
        return packet_verdict(self.effective(family), hook, packet)

    @property
    def restrictive(self) -> bool:
        """True when unlisted IPv4 traffic is dropped or rejected."""
        return self.default_verdict(Family.IPV4).blocked

    def reachable_rules(self, family: Family | str, hook: str = "input") -> Iterator[FwRule]:
        """Every rule the hook's base chains reach in the rulesets in effect (each chain once)."""
        from garrison.facts.firewall.queries import reachable_rules

        return (rule for r in self.effective(family) for _, rule in reachable_rules(r, hook))

    def notrack_rules(self, family: Family | str = Family.IPV4) -> tuple[FwRule, ...]:
        """The rules in effect that exempt traffic from conntrack (in chains that run before it)."""
        from garrison.facts.firewall.queries import notrack_rules

        return tuple(notrack_rules(self.effective(family)))

    def sender_port_accepts(self, family: Family | str = Family.IPV4) -> tuple[FwRule, ...]:
        """Input rules in effect that let in whoever sends from a source port (no destination port)."""
        from garrison.facts.firewall.queries import sender_port_accepts

        return tuple(sender_port_accepts(self.effective(family), Family(family)))

    def spoofable_accepts(self, family: Family | str = Family.IPV4) -> tuple[FwRule, ...]:
        """Input rules in effect that accept a private or loopback source range on any interface."""
        from garrison.facts.firewall.queries import spoofable_accepts

        return tuple(spoofable_accepts(self.effective(family), Family(family)))

    def port_rules(self, port: int, proto: str, family: Family | str = Family.IPV4) -> tuple[FwRule, ...]:
        """The reachable input rules in effect that name ports and may match a packet to `port`."""
        from garrison.facts.firewall.queries import port_rules

        return tuple(port_rules(self.effective(family), port, proto, Family(family)))

    def explicit_drop(self, port: int, proto: str, family: Family | str = Family.IPV4) -> bool:
        """A reachable input rule in effect names `port` and drops every packet to it."""
        from garrison.facts.firewall.queries import explicit_drop

        return explicit_drop(self.effective(family), port, proto, Family(family))

    def saved_copy(self, family: Family | str) -> Ruleset | None:
        """The saved iptables file a boot restore loads for `family`."""
        from garrison.facts.firewall.queries import saved_copy

        return saved_copy(self, Family(family))

    def home(self, family: Family | str = Family.IPV4) -> Location:
        """Where the family's rules are (a file or, live, the command), or belong when there are none."""
        from garrison.facts.firewall.queries import home

        return home(self, Family(family))

    def setting_at(self, location: Location) -> SettingRef | None:
        """The rule (dialect, path, chain) or policy (`INPUT policy`) at `location`; None when none is."""
        from garrison.facts.firewall.queries import setting_at

        return setting_at(self, location)

    def dialect_of(self, path: str) -> Dialect:
        """How the rules at `path` are written (a live command's output: LIVE)."""
        from garrison.facts.firewall.queries import dialect_of

        return dialect_of(self, path)
