"""Helpers shared by the firewall rules: which families to judge, where to point, and port checks."""

from __future__ import annotations

from collections.abc import Sequence

from garrison.facts.firewall import Family, FirewallFacts, PortVerdict, Ruleset, RulesetKind, Verdict
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    SettingRef,
    Wanted,
    evidence,
    failed,
    not_applicable,
    passed,
    unknown,
)
from garrison.rules.expect import equals
from garrison.rules.wording import unique

#: Where the rules belong when there are none (the iptables-persistent file, Debian's usual place).
DEFAULT_RULES_FILE = "/etc/iptables/rules.v4"
#: What a fix writes for a chain that should deny: its policy.
DROP = equals("DROP")


def in_effect(fw: FirewallFacts) -> bool:
    return bool(fw.effective(Family.IPV4) or fw.effective(Family.IPV6))


def no_firewall() -> Outcome:
    return not_applicable("no firewall rules are in effect (see firewall.active)")


def families(fw: FirewallFacts) -> tuple[Family, ...]:
    """IPv4, and IPv6 when rules for it are in effect (a missing IPv6 firewall is firewall.ipv6-parity's)."""
    return (Family.IPV4, Family.IPV6) if fw.effective(Family.IPV6) else (Family.IPV4,)


def home(fw: FirewallFacts, family: Family = Family.IPV4) -> Location:
    """The file (or, live, the command) holding the family's rules, for evidence about something missing."""
    return fw.home(family)


def live_commands(fw: FirewallFacts) -> tuple[str, ...]:
    """Every live command that answered, for evidence that the live state has no rules."""
    return fw.live_commands or ("iptables-save",)


def at(
    fw: FirewallFacts, where: Location, actual: str, expected: str | None = None, wanted: Wanted | None = None
) -> Evidence:
    """Evidence at a deciding rule or chain policy (role SETTING, its chain as the setting); CONTEXT when no
    rule or policy is there (IPv6 disabled by a sysctl or the kernel command line)."""
    ref = fw.setting_at(where)
    if ref is None:
        return evidence(where.path, where.line, actual, expected, role=EvidenceRole.CONTEXT)
    return evidence(where.path, where.line, actual, expected, role=EvidenceRole.SETTING, setting=ref)


def frame(where: Location, actual: str, expected: str | None = None) -> Evidence:
    """A rule or policy that frames the deciding one (the IPv4 verdict beside an IPv6 gap), or a boot-time
    restore that frames a missing rules file: role CONTEXT."""
    return evidence(where.path, where.line, actual, expected, role=EvidenceRole.CONTEXT)


def configured(ref: SettingRef, line: int | None, actual: str, expected: str, wanted: Wanted) -> Evidence:
    """A setting at its line (role SETTING), or, with no line of its own, where it belongs (role DEFAULT):
    a chain's policy (nftables' implicit accept), ufw.conf's ENABLED."""
    role = EvidenceRole.SETTING if line is not None else EvidenceRole.DEFAULT
    return evidence(ref.path, line, actual, expected, role=role, setting=ref, wanted=wanted)


def missing(
    fw: FirewallFacts,
    where: Location | str,
    actual: str,
    expected: str | None = None,
    *,
    key: str = "INPUT policy",
    wanted: Wanted | None = None,
) -> Evidence:
    """Evidence that rules are absent (role DEFAULT): cited at the file or live command where they belong,
    line None, `actual` being what happens without them; the setting is that file's `key` (a chain's
    policy or rules)."""
    path = where if isinstance(where, str) else where.path
    ref = SettingRef(fw.dialect_of(path), path, key)
    return evidence(path, None, actual, expected, role=EvidenceRole.DEFAULT, setting=ref, wanted=wanted)


def whole(path: str, actual: str, expected: str | None = None) -> Evidence:
    """Evidence about a rules file (or a live command's output) as a whole: not loaded, not restored."""
    return evidence(path, None, actual, expected, role=EvidenceRole.FILE)


def policy_of(ruleset: Ruleset, chain_name: str, where: Location | None) -> SettingRef:
    """The setting of a chain's policy at `where` (the ruleset's file when it has no line of its own)."""
    path = where.path if where else ruleset.source
    return SettingRef(_dialect(ruleset), path, f"{chain_name} policy")


def _dialect(ruleset: Ruleset) -> Dialect:
    if ruleset.live:
        return Dialect.LIVE
    return {RulesetKind.IPTABLES: Dialect.IPTABLES, RulesetKind.NFTABLES: Dialect.NFTABLES}.get(
        ruleset.kind, Dialect.UFW
    )


def cite(
    fw: FirewallFacts, verdict: PortVerdict, family: Family, actual: str, expected: str | None
) -> Evidence:
    """Evidence for a port's verdict: the deciding rule or policy, or (no ruleset for the family) where the
    family's rules belong."""
    if verdict.location is None:
        return missing(fw, home(fw, family), actual, expected)
    return at(fw, verdict.location, actual, expected)


def describe(verdict: PortVerdict) -> str:
    if verdict.verdict is Verdict.ACCEPT and verdict.restricted_to:
        return f"accepted only from {', '.join(verdict.restricted_to)}"
    how = "by the policy" if verdict.by_policy else "by a rule"
    done = {Verdict.ACCEPT: "accepted", Verdict.DROP: "dropped", Verdict.REJECT: "rejected"}
    return f"{done[verdict.verdict]} {how}" if verdict.verdict in done else "undecidable"


def input_chains(ruleset: Ruleset) -> str:
    return ", ".join(c.name for c in ruleset.base_chains("input")) or "no input chain"


def judged(bad: Sequence[Evidence], problem: str, fine: str) -> Outcome:
    """Failed with the evidence (repeats dropped) when there is any, else passed."""
    return failed(problem, *unique(bad)) if bad else passed(fine)


def check_ports(
    fw: FirewallFacts, ports: Sequence[tuple[int, str]], *, what: str, by_policy_counts: bool
) -> Outcome:
    """Fail when a port is accepted from anywhere (an accept limited to some sources passes).

    `by_policy_counts`: an accept by the chain policy (no rule named the port) is a failure too, so firewall
    tools without rules fail (a host with no firewall at all is firewall.active's finding); otherwise only
    rules that open a port count, and without firewall rules there is nothing to judge (not applicable:
    firewall.active's).
    """
    if fw.absent or (not by_policy_counts and not in_effect(fw)):
        return no_firewall()
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
            elif verdict.restricted_to:
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
