"""ufw 0.36.2 (Debian 12): its switches and the rules it loads, rebuilt the way ufw-init loads them.

Files: /etc/ufw/ufw.conf `ENABLED` (default `no`: the package ships it disabled), /etc/default/ufw
`DEFAULT_INPUT_POLICY` (default "DROP"), `DEFAULT_FORWARD_POLICY` ("DROP"), `IPV6` ("yes"), and the
iptables-restore files /etc/ufw/{before,user,after}.rules (IPv4) and {before6,user6,after6}.rules (IPv6).
ufw-init (/lib/ufw/ufw-init-functions) hooks them as `INPUT -> ufw-before-logging-input, ufw-before-input,
ufw-after-input, ufw-after-logging-input, ufw-reject-input, ufw-track-input`, appends `-j ufw-user-input`
to ufw-before-input, and with `IPV6=no` loads IPv6 as `INPUT DROP` plus `-i lo -j ACCEPT`.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping

from garrison.facts.firewall.model import Action, Chain, Family, FwRule, Ruleset, RulesetKind, UfwConfig
from garrison.model import Location, ParseIssue

DEFAULTS_PATH = "/etc/default/ufw"
CONF_PATH = "/etc/ufw/ufw.conf"
#: Built-in values when a key is absent (the files shipped by ufw 0.36.2).
BUILTIN = {"ENABLED": "no", "DEFAULT_INPUT_POLICY": "DROP", "DEFAULT_FORWARD_POLICY": "DROP", "IPV6": "yes"}
RULE_FILES = {
    Family.IPV4: ("/etc/ufw/before.rules", "/etc/ufw/user.rules", "/etc/ufw/after.rules"),
    Family.IPV6: ("/etc/ufw/before6.rules", "/etc/ufw/user6.rules", "/etc/ufw/after6.rules"),
}
_BUILTIN_CHAINS = frozenset({"INPUT", "FORWARD", "OUTPUT"})


def parse_shell_vars(text: str, path: str) -> tuple[dict[str, tuple[str, int]], tuple[ParseIssue, ...]]:
    """`KEY=value` lines (sh quoting) -> {KEY: (value, line)}; last one wins. Pure; never raises."""
    found: dict[str, tuple[str, int]] = {}
    issues: list[ParseIssue] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key.replace("_", "").isalnum():
            issues.append(ParseIssue(Location(path, number), "not a KEY=value line"))
            continue
        try:
            words = shlex.split(value, comments=True)
        except ValueError as exc:
            issues.append(ParseIssue(Location(path, number), f"bad quoting: {exc}"))
            continue
        found[key] = (" ".join(words), number)
    return found, tuple(issues)


def ufw_config(conf: Mapping[str, tuple[str, int]], defaults: Mapping[str, tuple[str, int]]) -> UfwConfig:
    def pick(key: str, source: Mapping[str, tuple[str, int]], path: str) -> tuple[str, Location]:
        if key in source:
            value, line = source[key]
            return value, Location(path, line)
        return BUILTIN[key], Location(path)

    enabled, enabled_at = pick("ENABLED", conf, CONF_PATH)
    policy_in, policy_in_at = pick("DEFAULT_INPUT_POLICY", defaults, DEFAULTS_PATH)
    policy_fwd, policy_fwd_at = pick("DEFAULT_FORWARD_POLICY", defaults, DEFAULTS_PATH)
    ipv6, ipv6_at = pick("IPV6", defaults, DEFAULTS_PATH)
    return UfwConfig(
        enabled=enabled.lower() == "yes",
        enabled_location=enabled_at,
        input_policy=_policy(policy_in),
        input_policy_location=policy_in_at,
        forward_policy=_policy(policy_fwd),
        forward_policy_location=policy_fwd_at,
        ipv6=ipv6.lower() == "yes",
        ipv6_location=ipv6_at,
    )


def _policy(value: str) -> Action:
    return Action.parse(value) or Action.DROP


def _jump(prefix: str, name: str, where: Location) -> FwRule:
    return FwRule(where, f"-j {prefix}-{name}", f"{prefix}-{name}", jump=True)


def ufw_ruleset(config: UfwConfig, family: Family, parsed: tuple[Ruleset, ...], in_effect: bool) -> Ruleset:
    """The ruleset ufw loads for `family`, from the parsed before/user/after files (in that order)."""
    prefix = "ufw" if family is Family.IPV4 else "ufw6"
    where = config.enabled_location
    if family is Family.IPV6 and not config.ipv6:
        lo = FwRule(config.ipv6_location, "-A INPUT -i lo -j ACCEPT", "ACCEPT", in_iface="lo")
        closed = (
            Chain("INPUT", (lo,), "input", Action.DROP, config.ipv6_location),
            Chain("FORWARD", (), "forward", Action.DROP, config.ipv6_location),
        )
        where = config.ipv6_location
        return Ruleset("ufw", RulesetKind.UFW, family, closed, in_effect=in_effect, location=where)
    merged: dict[str, list[FwRule]] = {}
    for ruleset in parsed:
        for chain in ruleset.chains:
            if chain.name not in _BUILTIN_CHAINS:
                merged.setdefault(chain.name, []).extend(chain.rules)
    merged.setdefault(f"{prefix}-before-input", []).append(_jump(prefix, "user-input", where))
    merged.setdefault(f"{prefix}-before-forward", []).append(_jump(prefix, "user-forward", where))
    skip = FwRule(config.input_policy_location, f"-j {config.input_policy}", config.input_policy.value)
    merged[f"{prefix}-skip-to-policy-input"] = [skip]
    hooks = ("before-logging", "before", "after", "after-logging", "reject", "track")
    chains = [
        Chain(
            "INPUT",
            tuple(_jump(prefix, f"{h}-input", where) for h in hooks),
            "input",
            config.input_policy,
            config.input_policy_location,
        ),
        Chain(
            "FORWARD",
            tuple(_jump(prefix, f"{h}-forward", where) for h in hooks),
            "forward",
            config.forward_policy,
            config.forward_policy_location,
        ),
    ]
    chains.extend(Chain(name, tuple(rules)) for name, rules in merged.items())
    return Ruleset("ufw", RulesetKind.UFW, family, tuple(chains), in_effect=in_effect, location=where)
