"""Helpers shared by the firewall rules: which families to judge, where to point, and port checks."""

from __future__ import annotations

from collections.abc import Sequence

from garrison.facts.firewall.model import Family, FirewallFacts, PortVerdict, Ruleset, Verdict
from garrison.facts.firewall.nftjson import NFT_COMMAND
from garrison.model import Evidence, Location, Outcome, evidence, failed, not_applicable, passed, unknown

#: Where the rules belong when there are none (the iptables-persistent file, Debian's usual place).
DEFAULT_RULES_FILE = "/etc/iptables/rules.v4"


def unique(items: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """Evidence without repeats (an nftables `inet` table answers for IPv4 and IPv6 at the same line)."""
    return tuple(dict.fromkeys(items))


def in_effect(fw: FirewallFacts) -> bool:
    return bool(fw.effective(Family.IPV4) or fw.effective(Family.IPV6))


def no_firewall() -> Outcome:
    return not_applicable("no firewall rules are in effect (see firewall.active)")


def families(fw: FirewallFacts) -> tuple[Family, ...]:
    """IPv4, and IPv6 when rules for it are in effect (a missing IPv6 firewall is firewall.ipv6-parity's)."""
    return (Family.IPV4, Family.IPV6) if fw.effective(Family.IPV6) else (Family.IPV4,)


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


def live_command(fw: FirewallFacts, family: Family = Family.IPV4) -> str:
    """The live command that answered for `family`: iptables-save / ip6tables-save, else nft, else the
    first that answered at all."""
    own = "ip6tables-save" if family is Family.IPV6 else "iptables-save"
    for command in (own, NFT_COMMAND):
        if command in fw.live_commands:
            return command
    return next(iter(fw.live_commands), own)


def live_commands(fw: FirewallFacts) -> tuple[str, ...]:
    """Every live command that answered, for evidence that the live state has no rules."""
    return fw.live_commands or ("iptables-save",)


def cite(fw: FirewallFacts, verdict: PortVerdict, family: Family, actual: str, expected: str) -> Evidence:
    where = verdict.location or home(fw, family)
    return evidence(where.path, where.line, actual, expected)


def describe(verdict: PortVerdict) -> str:
    if verdict.verdict is Verdict.ACCEPT and verdict.restricted_to:
        return f"accepted only from {', '.join(verdict.restricted_to)}"
    how = "by the policy" if verdict.by_policy else "by a rule"
    done = {Verdict.ACCEPT: "accepted", Verdict.DROP: "dropped", Verdict.REJECT: "rejected"}
    return f"{done[verdict.verdict]} {how}" if verdict.verdict in done else "undecidable"


def input_chains(ruleset: Ruleset) -> str:
    return ", ".join(c.name for c in ruleset.base_chains("input")) or "no input chain"


def check_ports(
    fw: FirewallFacts,
    ports: Sequence[tuple[int, str]],
    *,
    what: str,
    by_policy_counts: bool,
    restricted_ok: bool,
) -> Outcome:
    """Fail when a port is accepted from anywhere.

    `by_policy_counts`: an accept by the chain policy (no rule named the port) is a failure too;
    `restricted_ok`: an accept limited to some sources passes.
    """
    bad: list[Evidence] = []
    labels: list[str] = []
    notes: list[str] = []
    unsure: list[Evidence] = []
    for family in families(fw):
        for port, proto in ports:
            verdict = fw.input_verdict(port, proto, family)
            label = f"{port}/{proto} ({family.value})"
            if verdict.verdict is Verdict.UNKNOWN:
                unsure.append(cite(fw, verdict, family, f"{label}: {verdict.detail}", "dropped"))
            elif verdict.verdict is not Verdict.ACCEPT:
                continue
            elif verdict.restricted_to and restricted_ok:
                notes.append(f"{label} {describe(verdict)}")
            elif not (verdict.by_policy and not by_policy_counts):
                labels.append(label)
                actual = f"{label} {describe(verdict)}"
                bad.append(cite(fw, verdict, family, actual, "dropped or source-limited"))
    if bad:
        return failed(f"{what} reachable from anywhere: {', '.join(labels)}", *bad)
    if unsure:
        return unknown(f"cannot tell what the firewall does with {what}", *unsure)
    suffix = f" ({'; '.join(notes)})" if notes else ""
    return passed(f"{what} not open to the world{suffix}")
