"""Questions the firewall rules ask of the facts, beyond one port's verdict (see `FirewallFacts`' methods).

Which rules the input hook reaches, whether a ruleset filters at all or ends in a deny, an explicit drop
for a port, where a family's rules live (or belong), which saved file a boot restores, and the setting
reference (dialect, path, chain) of a deciding rule or policy for evidence.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from garrison.facts.firewall.dotted import dotted_v4, within_v4
from garrison.facts.firewall.kinds import Action, Family, PersistenceKind, RulesetKind, Verdict
from garrison.facts.firewall.matching import NEW, Match, Packet, classify
from garrison.facts.firewall.model import Chain, FwRule, Ruleset
from garrison.facts.firewall.nftjson import NFT_COMMAND
from garrison.model import Dialect, Location, SettingRef

if TYPE_CHECKING:
    from garrison.facts.firewall.model import FirewallFacts

#: Ports tried, in order, as "a port no rule names" for the default verdict.
_UNLISTED_CANDIDATES = (47, 9, 7, 13, 37, 79, 113, 1, 2, 3, 4, 5, 61000, 64999)
#: Where the rules belong when there are none (the iptables-persistent file, Debian's usual place).
DEFAULT_RULES_FILE = "/etc/iptables/rules.v4"
_DENY = (Verdict.DROP, Verdict.REJECT)
_FILE_KINDS = (
    PersistenceKind.IPTABLES_PERSISTENT,
    PersistenceKind.IPTABLES_SERVICE,
    PersistenceKind.BOOT_RESTORE,
)
#: Source ranges that only exist behind an interface of the host, never on the internet, yet are routed
#: there if forged: RFC 1918, RFC 6598 (shared, carrier-grade NAT), loopback, IPv6 unique-local (RFC 4193)
#: and loopback. Link-local ranges (169.254/16, fe80::/10) are left out: routers never forward them, so
#: only the local link can send them (ICMPv6's MLD and neighbour discovery use them).
_LOCAL_RANGES = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "fc00::/7",
              "::1/128")
)  # fmt: skip
_DIALECTS = {RulesetKind.IPTABLES: Dialect.IPTABLES, RulesetKind.NFTABLES: Dialect.NFTABLES}


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


#: nf_conntrack's hook priority (NF_IP_PRI_CONNTRACK): notrack only works in chains that run before it.
CONNTRACK_PRIORITY = -200


def notrack_rules(rulesets: Sequence[Ruleset]) -> Iterator[FwRule]:
    """The notrack rules of the prerouting chains that run before conntrack."""
    for ruleset in rulesets:
        for chain in ruleset.base_chains("prerouting"):
            if chain.priority is not None and chain.priority < CONNTRACK_PRIORITY:
                yield from (rule for rule in chain.rules if rule.target == "NOTRACK")


def untracked_by(rulesets: Sequence[Ruleset], packet: Packet) -> FwRule | None:
    """The notrack rule that exempts a NEW `packet` from conntrack (first match of each raw chain), if any."""
    if packet.state != NEW or packet.loopback or not packet.notrack:
        return None
    for ruleset in rulesets:
        for chain in ruleset.base_chains("prerouting"):
            if chain.priority is None or chain.priority >= CONNTRACK_PRIORITY:
                continue
            for rule in chain.rules:
                if classify(rule, packet)[0] is not Match.ALL:
                    continue
                if rule.target == "NOTRACK":
                    return rule
                if rule.target in ("ACCEPT", "DROP", "REJECT", "RETURN"):
                    break
    return None


def _accepting(rule: FwRule) -> bool:
    return rule.target == "ACCEPT" or rule.jump


def sender_port_accepts(rulesets: Sequence[Ruleset], family: Family) -> Iterator[FwRule]:
    """Reachable input rules that accept (or jump) on a source port with no destination port deciding, for
    a NEW packet from anywhere: whoever sends from that port gets in (multiport `--ports` included)."""
    for ruleset in rulesets:
        port = unlisted_port((ruleset,))
        for _, rule in reachable_rules(ruleset, "input"):
            if not rule.sports or not _accepting(rule):
                continue
            protos = [p for p in ("tcp", "udp") if rule.proto in (None, p)] or [rule.proto or "tcp"]
            if any(classify(rule, Packet(p, port, family))[0] is Match.UNCERTAIN for p in protos):
                yield rule


#: The IPv4 local ranges as (network, prefix length), for the dotted-quad fast path.
_LOCAL_V4 = tuple((int(r.network_address), r.prefixlen) for r in _LOCAL_RANGES if r.version == 4)


def _spoofable(text: str) -> bool:
    """A private, shared or loopback source range (a subnet of one of `_LOCAL_RANGES`)."""
    quad = dotted_v4(text.strip())
    if quad is not None:  # what iptables-save prints, tens of thousands of times: no ipaddress object
        return any(within_v4(*quad, network, length) for network, length in _LOCAL_V4)
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return False
    return any(net.version == r.version and net.subnet_of(r) for r in _LOCAL_RANGES)  # type: ignore[arg-type]


def spoofable_accepts(rulesets: Sequence[Ruleset], family: Family) -> Iterator[FwRule]:
    """Reachable input rules that accept (or jump) for a private, shared or loopback source range on any
    interface (no `-i`, or only `! -i`): a forged source address arriving from the internet
    matches them. Rules for replies only (`--ctstate ESTABLISHED`) are left out."""
    for ruleset in rulesets:
        for _, rule in reachable_rules(ruleset, "input"):
            if not _accepting(rule) or rule.source is None or rule.source_negated:
                continue
            if rule.family_only is not None and rule.family_only is not family:
                continue
            if rule.in_iface is not None and not rule.in_iface_negated:
                continue
            if rule.ct_states and ("NEW" in rule.ct_states) == rule.ct_negated:
                continue
            if any(_spoofable(part) for part in rule.source.split(",")):
                yield rule


def filters_input(ruleset: Ruleset) -> bool:
    """True when the input hook drops or rejects anything: a DROP policy or a reachable drop/reject rule."""
    if any(c.policy in (Action.DROP, Action.REJECT) for c in ruleset.base_chains("input")):
        return True
    return any(rule.target in ("DROP", "REJECT") for _, rule in reachable_rules(ruleset, "input"))


def ends_in_deny(ruleset: Ruleset) -> bool:
    """Some input base chain ends in a deny: a DROP/REJECT policy, or a last rule that drops every TCP and
    UDP packet to a port no rule names."""
    port = unlisted_port((ruleset,))
    for chain in ruleset.base_chains("input"):
        if chain.policy in (Action.DROP, Action.REJECT):
            return True
        last = chain.rules[-1] if chain.rules else None
        if last is not None and last.verdict in _DENY:
            matches = [classify(last, Packet(p, port, ruleset.family))[0] for p in ("tcp", "udp")]
            if all(m is Match.ALL for m in matches):
                return True
    return False


def port_rules(rulesets: Sequence[Ruleset], port: int, proto: str, family: Family) -> Iterator[FwRule]:
    """The reachable input rules that name ports and may match a packet to `port`."""
    packet = Packet(proto, port, family)
    for ruleset in rulesets:
        for _, item in reachable_rules(ruleset, "input"):
            if item.dports and classify(item, packet)[0] is not Match.NONE:
                yield item


def explicit_drop(rulesets: Sequence[Ruleset], port: int, proto: str, family: Family) -> bool:
    """A reachable input rule names `port` and drops (or rejects) every packet to it."""
    packet = Packet(proto, port, family)
    return any(
        item.verdict in _DENY and not item.dports_negated and classify(item, packet)[0] is Match.ALL
        for item in port_rules(rulesets, port, proto, family)
    )


def saved_copy(fw: FirewallFacts, family: Family) -> Ruleset | None:
    """The saved iptables file that a boot restore loads for `family`, if any."""
    restored = {p.restores for p in fw.persistence if p.kind in _FILE_KINDS}
    return next(
        (
            r
            for r in fw.rulesets
            if not r.live and r.kind is RulesetKind.IPTABLES and r.family is family and r.source in restored
        ),
        None,
    )


def live_command(fw: FirewallFacts, family: Family = Family.IPV4) -> str:
    """The live command that answered for `family`: iptables-save / ip6tables-save, else nft, else the
    first that answered at all."""
    own = "ip6tables-save" if family is Family.IPV6 else "iptables-save"
    for command in (own, NFT_COMMAND):
        if command in fw.live_commands:
            return command
    return next(iter(fw.live_commands), own)


def home(fw: FirewallFacts, family: Family = Family.IPV4) -> Location:
    """The file (or command) holding the family's rules, for evidence about something missing. On a live
    host that is the command whose output shows the family's rules (or their absence), never a file."""
    for ruleset in fw.effective(family):
        if ruleset.location is not None:
            return Location(ruleset.location.path)
    if fw.live:
        return Location(live_command(fw, family))
    for ruleset in fw.effective(Family.IPV4):
        if ruleset.location is not None:
            return Location(ruleset.location.path)
    return Location(DEFAULT_RULES_FILE)


def dialect_of(fw: FirewallFacts, path: str) -> Dialect:
    """How the rules at `path` are written: a live command's output, ufw's files, nftables or iptables."""
    for ruleset in fw.rulesets:
        if ruleset.location is not None and ruleset.location.path == path:
            return Dialect.LIVE if ruleset.live else _DIALECTS.get(ruleset.kind, Dialect.UFW)
    if fw.live and (path in fw.live_commands or path.endswith("-save")):
        return Dialect.LIVE
    if path.startswith(("/etc/ufw/", "/etc/default/ufw", "/lib/ufw/")):
        return Dialect.UFW
    return Dialect.NFTABLES if "nft" in path else Dialect.IPTABLES


def _ufw_key(fw: FirewallFacts, location: Location) -> str | None:
    config = fw.ufw
    if config is None:
        return None
    keys = (
        (config.enabled_location, "ENABLED"),
        (config.input_policy_location, "DEFAULT_INPUT_POLICY"),
        (config.forward_policy_location, "DEFAULT_FORWARD_POLICY"),
        (config.ipv6_location, "IPV6"),
    )
    return next((key for where, key in keys if where == location), None)


def setting_at(fw: FirewallFacts, location: Location) -> SettingRef | None:
    """The setting a deciding rule or chain policy at `location` is: (dialect, path, chain name) for a rule,
    (..., "<chain> policy") for a policy, ufw's own key for its switches; None when no rule or policy of
    the facts is there (IPv6 disabled by sysctl, say)."""
    found = _settings_index(fw).get(location)
    first_ufw = next((i for i, r in enumerate(fw.rulesets) if r.kind is RulesetKind.UFW), None)
    if first_ufw is not None and (found is None or first_ufw <= found[0]):
        key = _ufw_key(fw, location)
        if key is not None:
            return SettingRef(Dialect.UFW, location.path, key)
    if found is None:
        return None
    _, dialect, name = found
    return SettingRef(dialect, location.path, name)


def _settings_index(fw: FirewallFacts) -> dict[Location, tuple[int, Dialect, str]]:
    """Every chain policy and rule location -> (the first ruleset holding it, its dialect, the setting's key:
    `<chain> policy` or the chain's name), built once."""
    index = fw._settings
    if index or not fw.rulesets:
        return index
    for number, ruleset in enumerate(fw.rulesets):
        dialect = Dialect.LIVE if ruleset.live else _DIALECTS.get(ruleset.kind, Dialect.UFW)
        for chain in ruleset.chains:
            if chain.policy_location is not None:
                index.setdefault(chain.policy_location, (number, dialect, f"{chain.name} policy"))
            entry = (number, dialect, chain.name)
            for item in chain.rules:
                index.setdefault(item.location, entry)
    return index
    for number, ruleset in enumerate(fw.rulesets):
        dialect = Dialect.LIVE if ruleset.live else _DIALECTS.get(ruleset.kind, Dialect.UFW)
        for chain in ruleset.chains:
            if chain.policy_location is not None:
                policy = SettingRef(dialect, chain.policy_location.path, f"{chain.name} policy")
                index.setdefault(chain.policy_location, (number, policy))
            for item in chain.rules:
                if item.location is not None and item.location not in index:
                    index[item.location] = (number, SettingRef(dialect, item.location.path, chain.name))
    return index
