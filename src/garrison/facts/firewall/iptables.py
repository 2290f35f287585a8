"""iptables-save / iptables-restore text (iptables 1.8.9, v4 and v6): the filter table as a `Ruleset`.

The format (iptables-save(8)): `*table` opens a table, `:CHAIN POLICY [packets:bytes]` declares a chain
(policy `-` for user chains), `-A CHAIN <matches> -j TARGET` appends a rule, `COMMIT` ends the table; `#`
starts a comment. iptables-restore refuses the whole file on a structural error (a rule outside a table, a
rule for an undeclared chain, a missing COMMIT), so those become `ParseIssue`s. The filter table is
modelled, and the raw table's PREROUTING `NOTRACK` rules (`-j NOTRACK`, `-j CT --notrack`: traffic they
match is never tracked); the others are checked for structure and skipped. Source ports (`--sport`,
multiport `--sports`/`--ports`) and TCP flags (`--tcp-flags`, `--syn`) are fields of the rule; matches that
are not modelled (`-m recent`, `-m connlimit`, ...) are kept as `FwRule.opaque`.
"""

from __future__ import annotations

from dataclasses import replace

from garrison.facts.firewall.iptrule import parse_ports as parse_ports
from garrison.facts.firewall.iptrule import parse_rule_args as parse_rule_args
from garrison.facts.firewall.iptrule import repeated_flag, template_value, unloaded_option
from garrison.facts.firewall.model import (
    NON_TERMINAL,
    TERMINAL,
    Action,
    Chain,
    Family,
    FwRule,
    Ruleset,
    RulesetKind,
)
from garrison.facts.firewall.words import split_words
from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

BUILTIN_CHAINS = {
    "filter": ("INPUT", "FORWARD", "OUTPUT"),
    "nat": ("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
    "mangle": ("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
    "raw": ("PREROUTING", "OUTPUT"),
    "security": ("INPUT", "FORWARD", "OUTPUT"),
}
_HOOKS = {"INPUT": "input", "FORWARD": "forward", "OUTPUT": "output"}
#: The raw table's PREROUTING chain (priority -300, before conntrack), kept for its NOTRACK rules.
RAW_PREROUTING = "raw PREROUTING"


def _finish(rule: FwRule, declared: set[str]) -> FwRule:
    target = rule.target
    special = TERMINAL | NON_TERMINAL | {"RETURN"}
    if target in declared and target not in special:
        return replace(rule, jump=True)
    if target and target not in special and not target.isupper():
        return replace(rule, jump=True)
    return rule


class _Restore:
    """What iptables-restore has read so far of one file: the open table, the filter chains and rules."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.issues: list[ParseIssue] = []
        self.table: str | None = None
        self.declared: dict[str, Chain] = {}
        self.order: list[str] = []
        self.rules: dict[str, list[FwRule]] = {}
        self.raw: list[FwRule] = []  # the raw table's PREROUTING rules that decide tracking

    def read(self, line: str, where: Location) -> None:
        if line.startswith("*"):
            self.open(line, where)
        elif self.table is None:
            self.issues.append(ParseIssue(where, "line outside a table (no *filter before it)"))
        elif line == "COMMIT":
            self.table = None
        elif line.startswith(":"):
            self.declare(line[1:].split(), where)
        else:
            self.command(split_words(line) or [""], line, where)

    def open(self, line: str, where: Location) -> None:
        if self.table is not None:
            message = f"table {shown(line[1:])} starts before COMMIT of table {shown(self.table)}"
            self.issues.append(ParseIssue(where, message))
        self.table = line[1:].strip()
        if self.table not in BUILTIN_CHAINS:
            self.issues.append(ParseIssue(where, f"unknown table {shown(self.table)!r}"))
        if self.table == "filter":
            for name in BUILTIN_CHAINS["filter"]:
                if name not in self.declared:
                    self.declared[name] = Chain(name, hook=_HOOKS[name], policy=Action.ACCEPT)
                    self.order.append(name)

    def declare(self, parts: list[str], where: Location) -> None:
        """`:CHAIN POLICY [packets:bytes]`."""
        if not parts:
            self.issues.append(ParseIssue(where, "chain declaration without a name"))
            return
        if self.table != "filter":
            return
        name = parts[0]
        policy = Action.parse(parts[1]) if len(parts) > 1 and parts[1] != "-" else None
        if len(parts) > 1 and parts[1] != "-" and policy not in (Action.ACCEPT, Action.DROP):
            message = f"invalid policy {shown(parts[1])!r} for chain {shown(name)}"
            self.issues.append(ParseIssue(where, message))
            policy = Action.ACCEPT
        if name not in self.declared:
            self.order.append(name)
        self.declared[name] = Chain(name, hook=_HOOKS.get(name), policy=policy, policy_location=where)

    def command(self, args: list[str], line: str, where: Location) -> None:
        """`-A CHAIN ...`, `-I CHAIN [n] ...` or `-N CHAIN`."""
        if args[0] in ("-A", "--append", "-I", "--insert") and len(args) >= 2:
            chain, rest = args[1], args[2:]
            if args[0] in ("-I", "--insert") and rest and rest[0].isdigit():
                rest = rest[1:]
            if (flag := repeated_flag(rest)) is not None:
                message = f"multiple {flag} flags in one rule (iptables-restore refuses the file)"
                self.issues.append(ParseIssue(where, message))
                return
            if (unloaded := unloaded_option(rest)) is not None:
                needs = " or ".join(f"-m {m}" for m in sorted(unloaded[1]))
                message = f"unknown option {unloaded[0]}: it needs {needs} before it"
                self.issues.append(ParseIssue(where, message + " (iptables-restore refuses the file)"))
                return
            if template_value(rest) is not None:
                message = "unrendered template placeholder where a port or address is needed"
                self.issues.append(ParseIssue(where, message + " (iptables-restore refuses the file)"))
                return
            if self.table == "raw" and chain == "PREROUTING":
                self.raw_rule(args[0], rest, line, where)
            if self.table != "filter":
                return
            if chain not in self.declared:
                self.issues.append(
                    ParseIssue(where, f"rule for chain {shown(chain)!r}, which is not declared")
                )
                return
            rule = parse_rule_args(rest, where, line)
            bucket = self.rules.setdefault(chain, [])
            bucket.insert(0, rule) if args[0] in ("-I", "--insert") else bucket.append(rule)
        elif args[0] in ("-N", "--new-chain") and len(args) >= 2:
            if self.table == "filter" and args[1] not in self.declared:
                self.declared[args[1]] = Chain(args[1])
                self.order.append(args[1])
        else:
            self.issues.append(ParseIssue(where, f"unrecognised line (starts with {shown(args[0])!r})"))

    def raw_rule(self, command: str, args: list[str], line: str, where: Location) -> None:
        """A raw PREROUTING rule: `-j NOTRACK` / `-j CT --notrack` exempts what it matches from conntrack;
        ACCEPT, DROP and RETURN end the raw chain's walk; other targets and jumps are left out."""
        rule = parse_rule_args(args, where, line)
        if rule.target == "CT" and "--notrack" in args:
            rule = replace(rule, target="NOTRACK")
        if rule.target in ("NOTRACK", "ACCEPT", "DROP", "RETURN"):
            self.raw.insert(0, rule) if command in ("-I", "--insert") else self.raw.append(rule)

    def chains(self) -> tuple[Chain, ...]:
        names = set(self.declared)
        found = tuple(
            replace(self.declared[name], rules=tuple(_finish(r, names) for r in self.rules.get(name, ())))
            for name in self.order
        )
        if not self.raw:
            return found
        return (*found, Chain(RAW_PREROUTING, tuple(self.raw), "prerouting", Action.ACCEPT, priority=-300))


def parse_iptables_save(
    text: str,
    path: str,
    family: Family = Family.IPV4,
    *,
    live: bool = False,
    kind: RulesetKind = RulesetKind.IPTABLES,
) -> tuple[Ruleset, tuple[ParseIssue, ...]]:
    """Parse iptables-save output or an iptables-restore file. Pure; never raises.

    Returns the filter table as `Ruleset(source=path, family=family, chains=(Chain(name, rules, hook,
    policy, policy_location), ...))` and the structural problems iptables-restore would refuse.
    """
    state = _Restore(path)
    last_line = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        last_line = number
        if line and not line.startswith("#"):
            state.read(line, Location(path, number))
    if state.table is not None:
        state.issues.append(
            ParseIssue(Location(path, last_line or None), f"table {shown(state.table)} has no COMMIT")
        )
    ruleset = Ruleset(path, kind, family, state.chains(), live=live, location=Location(path))
    return ruleset, tuple(state.issues)


#: Chains that daemons create at run time (Docker, fail2ban, CrowdSec's bouncer, Kubernetes, ufw): they are
#: not expected in a saved rules file, so comparisons leave them and the jumps into them out.
RUNTIME_CHAIN_PREFIXES = ("DOCKER", "f2b-", "fail2ban-", "CROWDSEC", "crowdsec", "KUBE-", "cali-", "ufw")


def ruleset_signature(ruleset: Ruleset) -> tuple[tuple[str, str], ...]:
    """The input side of the filter table as comparable text (the INPUT policy and every rule reachable from
    INPUT, runtime chains left out), e.g. to compare a saved file with the live rules. FORWARD and OUTPUT
    are left out: container runtimes rewrite them at start."""
    from garrison.facts.firewall.queries import reachable_rules

    lines = [(c.name, f"policy {c.policy}") for c in ruleset.base_chains("input")]
    for chain, rule in reachable_rules(ruleset, "input"):
        if chain.name.startswith(RUNTIME_CHAIN_PREFIXES):
            continue
        if rule.jump and rule.target.startswith(RUNTIME_CHAIN_PREFIXES):
            continue
        lines.append((chain.name, " ".join(split_words(rule.text)[2:])))
    return tuple(sorted(lines))
