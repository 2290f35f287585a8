"""Whether a firewall filters at all and how its chains end: policies, final deny, accept-all rules."""

from __future__ import annotations

from garrison.facts.firewall import Action, Family, FirewallFacts, Ruleset, RulesetKind
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    SettingRef,
    Severity,
    evidence,
    failed,
    passed,
)
from garrison.rules.expect import equals
from garrison.rules.firewall.common import (
    DEFAULT_RULES_FILE,
    DROP,
    at,
    configured,
    families,
    home,
    in_effect,
    judged,
    live_commands,
    missing,
    no_firewall,
    policy_of,
    whole,
)
from garrison.rules.registry import rule
from garrison.rules.wording import listing

_DENY = (Action.DROP, Action.REJECT)


def _ufw_enabled(where: Location) -> Evidence:
    """ufw.conf's ENABLED: set to no, or (line None) not set, so ufw's shipped `no`."""
    ref = SettingRef(Dialect.UFW, where.path, "ENABLED")
    return configured(ref, where.line, "ENABLED=no", "ENABLED=yes", equals("yes"))


def _nothing_found(fw: FirewallFacts) -> Outcome:
    """No firewall at all: name every persisted ruleset looked for and every live command asked. The fix
    belongs in the iptables-persistent file (role DEFAULT); live, the commands' answers are the evidence."""
    asked = [(command, answer) for command, answer in fw.tried]
    message = f"no firewall at all: none of {listing(fw.searched)} exists"
    if asked:
        message += f", and live {listing(f'{command}: {answer}' for command, answer in asked)}"
        shown = [_live_answer(command, answer) for command, answer in asked]
    else:
        wanted = "a default-deny ruleset loaded at boot"
        shown = [missing(fw, DEFAULT_RULES_FILE, "no ruleset", wanted)]
        shown += [whole(path, "absent", wanted) for path in fw.searched if path != DEFAULT_RULES_FILE]
    return failed(message + ": every port of the host is reachable", *shown)


def _live_answer(command: str, answer: str) -> Evidence:
    ref = SettingRef(Dialect.LIVE, command, "INPUT policy")
    return evidence(
        command, None, answer, "a default-deny ruleset", role=EvidenceRole.DEFAULT, setting=ref, wanted=DROP
    )


def _not_loaded(fw: FirewallFacts) -> Outcome:
    # live: the commands whose output shows that no filter rules are loaded (not a file they could be in)
    shown = [missing(fw, c, "no filter rules loaded", "a default-deny ruleset") for c in live_commands(fw)]
    live = shown if fw.live else []
    if fw.ufw is not None and not fw.ufw.enabled:
        where = fw.ufw.enabled_location
        other = [r for r in fw.rulesets if r.kind is not RulesetKind.UFW and not r.empty]
        if not other:
            return failed(
                "ufw is installed but not enabled, and no other firewall rules are loaded",
                _ufw_enabled(where),
                *live,
            )
    saved = [r for r in fw.rulesets if not r.in_effect and not r.empty and r.kind is not RulesetKind.UFW]
    if saved:
        first = saved[0]
        when = "are not loaded in the running kernel" if fw.live else "nothing loads them at boot"
        return failed(
            f"firewall rules are written in {first.source} but {when}",
            whole(first.source, "not loaded", "restored at boot"),
            *live,
        )
    return failed(
        f"no firewall rules are in effect ({_looked_for(fw)}): every port of the host is reachable",
        *(live or [missing(fw, DEFAULT_RULES_FILE, "no rules", "a default-deny ruleset")]),
    )


def _looked_for(fw: FirewallFacts) -> str:
    """Which persisted rulesets were looked for and, live, what each command gave."""
    found = f"looked for {listing(fw.searched)}" if fw.searched else "no rulesets found"
    asked = listing(f"{command}: {answer}" for command, answer in fw.tried)
    return f"{found}; live {asked}" if fw.tried else found


@rule(
    id="firewall.active",
    title="A host firewall is active",
    problem="No host firewall filters incoming traffic",
    severity=Severity.HIGH,
    rationale="Without a packet filter every service that listens on a public address is reachable, "
    "including ones bound there by mistake; the firewall is the second, independent control.",
    remediation="ufw default deny incoming && ufw allow 22/tcp && ufw enable\n"
    "(or load an iptables/nftables ruleset with a DROP policy at boot)",
    references=("guide:002 step 2", "guide:004 OS basics", "guide:000 network security"),
)
def active(fw: FirewallFacts) -> Outcome:
    if fw.absent:
        return _nothing_found(fw)
    if not in_effect(fw):
        return _not_loaded(fw)
    rulesets = fw.effective(Family.IPV4) + fw.effective(Family.IPV6)
    if not any(r.filters_input for r in rulesets):
        first = rulesets[0]
        return failed(
            f"the firewall rules in effect ({first.source}) accept everything: nothing drops input",
            whole(first.source, "input accepts everything", "a default-deny ruleset"),
        )
    kinds = sorted({r.kind for r in rulesets})
    return passed(f"firewall rules are in effect ({', '.join(kinds)}; {'live' if fw.live else 'at boot'})")


def _policy_evidence(ruleset: Ruleset, hook: str) -> list[Evidence]:
    found = []
    for chain in ruleset.base_chains(hook):
        found.append(
            _policy_at(ruleset, chain.name, chain.policy_location, f"{chain.name} policy {chain.policy}")
        )
    return found


def _policy_at(
    ruleset: Ruleset, name: str, policy_location: Location | None, actual: str, expected: str = "DROP"
) -> Evidence:
    """A base chain's policy: its line (role SETTING), or the ruleset's file when the policy has no line
    of its own (role DEFAULT: nftables' implicit accept)."""
    where = policy_location or ruleset.location
    ref = policy_of(ruleset, name, where)
    return configured(ref, where.line if where else None, actual, expected, DROP)


def _policy_check(fw: FirewallFacts, hook: str, chain_name: str) -> Outcome:
    if not in_effect(fw):
        return no_firewall()
    bad: list[Evidence] = []
    for family in families(fw):
        rulesets = fw.effective(family)
        drops = any(c.policy in _DENY for r in rulesets for c in r.base_chains(hook))
        if not drops:
            found = [e for r in rulesets for e in _policy_evidence(r, hook)]
            where = home(fw, family)
            key = f"{hook.upper()} policy"
            bad.extend(
                found or [missing(fw, where, f"no {hook} chain (accepts)", "DROP", key=key, wanted=DROP)]
            )
    return judged(
        bad,
        f"the {chain_name} policy accepts: flushing or missing a rule opens the host",
        f"the {chain_name} policy drops what no rule accepts",
    )


@rule(
    id="firewall.input-default-deny",
    title="The INPUT chain's policy is DROP",
    problem="The INPUT chain's policy accepts",
    severity=Severity.MEDIUM,
    rationale="With an ACCEPT policy the host is only closed while a final catch-all rule stays in "
    "place; one `iptables -F` or a failed restore leaves every port open. A DROP policy fails closed.",
    remediation="iptables -P INPUT DROP  (nftables: `policy drop;` in the input chain; ufw: "
    'DEFAULT_INPUT_POLICY="DROP")',
    references=("guide:002 step 2",),
)
def input_default_deny(fw: FirewallFacts) -> Outcome:
    return _policy_check(fw, "input", "INPUT")


@rule(
    id="firewall.forward-default-deny",
    title="The FORWARD chain's policy is DROP",
    problem="The FORWARD chain's policy accepts",
    severity=Severity.LOW,
    rationale="A server that is not a router should never pass traffic between interfaces; with an "
    "ACCEPT forward policy, enabling IP forwarding (a container runtime, a VPN) turns it into one.",
    remediation="iptables -P FORWARD DROP  (nftables: a forward chain with `policy drop;`)",
    references=("guide:002 step 2",),
)
def forward_default_deny(fw: FirewallFacts) -> Outcome:
    return _policy_check(fw, "forward", "FORWARD")


def _final_rule_denies(ruleset: Ruleset) -> tuple[bool, list[Evidence]]:
    if ruleset.ends_in_deny:
        return True, []
    where = [
        _policy_at(ruleset, chain.name, chain.policy_location, f"{chain.name} ends in ACCEPT", "DROP/REJECT")
        for chain in ruleset.base_chains("input")
    ]
    return False, where


@rule(
    id="firewall.final-deny",
    title="Unlisted traffic ends in a drop or reject",
    problem="Unlisted traffic is accepted",
    severity=Severity.HIGH,
    rationale="A firewall that lists allowed ports but ends in ACCEPT allows everything else too: the "
    "chain must end in a DROP policy or an unconditional final DROP/REJECT rule.",
    remediation="iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited  (or iptables -P INPUT DROP)",
    references=("guide:002 step 2", "guide:001 firewall rules", "guide:004 firewall"),
)
def final_deny(fw: FirewallFacts) -> Outcome:
    if not in_effect(fw):
        return no_firewall()
    bad: list[Evidence] = []
    for family in families(fw):
        results = [_final_rule_denies(r) for r in fw.effective(family)]
        if not any(ok for ok, _ in results):
            bad.extend(e for _, found in results for e in found)
    return judged(
        bad,
        "the input chain ends by accepting whatever no rule matched",
        "the input chain ends in a drop or reject",
    )


@rule(
    id="firewall.no-accept-all",
    title="No rule accepts all incoming traffic",
    problem="A rule accepts all incoming traffic",
    severity=Severity.HIGH,
    rationale="A rule such as `-A INPUT -j ACCEPT` or `-p tcp -j ACCEPT` ahead of the deny opens every "
    "port of that protocol to the internet, whatever the policy says.",
    remediation="Delete the catch-all accept (iptables -D INPUT -j ACCEPT) and allow only the needed ports",
    references=("guide:002 step 2",),
)
def no_accept_all(fw: FirewallFacts) -> Outcome:
    if not in_effect(fw):
        return no_firewall()
    bad: list[Evidence] = []
    for family in families(fw):
        for proto in ("tcp", "udp"):
            verdict = fw.default_verdict(family, proto=proto)
            if verdict.open_to_world and not verdict.by_policy and verdict.location is not None:
                actual = f"{family.value} {proto}: {verdict.detail}"
                bad.append(at(fw, verdict.location, actual, "no catch-all"))
    return judged(
        bad, "a rule accepts traffic to every port from anywhere", "no rule accepts all ports from anywhere"
    )
