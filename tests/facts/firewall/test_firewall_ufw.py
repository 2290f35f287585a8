"""ufw switches and the ruleset ufw-init builds from before/user/after rules."""

from __future__ import annotations

from garrison.facts.firewall.iptables import parse_iptables_save
from garrison.facts.firewall.model import Family, FirewallFacts, Verdict
from garrison.facts.firewall.ufw import parse_shell_vars, ufw_config, ufw_ruleset
from garrison.model import Location

BEFORE = """*filter
:ufw-before-input - [0:0]
:ufw-not-local - [0:0]
-A ufw-before-input -i lo -j ACCEPT
-A ufw-before-input -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A ufw-before-input -m conntrack --ctstate INVALID -j DROP
-A ufw-before-input -p icmp --icmp-type echo-request -j ACCEPT
-A ufw-before-input -p udp --sport 67 --dport 68 -j ACCEPT
-A ufw-before-input -j ufw-not-local
-A ufw-not-local -m addrtype --dst-type LOCAL -j RETURN
-A ufw-not-local -j DROP
COMMIT
"""
USER = """*filter
:ufw-user-input - [0:0]
:ufw-user-limit - [0:0]
:ufw-user-limit-accept - [0:0]
### RULES ###
### tuple ### limit tcp 22 0.0.0.0/0 any 0.0.0.0/0 in
-A ufw-user-input -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --set
-A ufw-user-input -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --update --seconds 30 \
--hitcount 6 -j ufw-user-limit
-A ufw-user-input -p tcp --dport 22 -j ufw-user-limit-accept
### tuple ### allow tcp 27017 0.0.0.0/0 any 0.0.0.0/0 in
-A ufw-user-input -p tcp --dport 27017 -j ACCEPT
### END RULES ###
-A ufw-user-limit -j REJECT
-A ufw-user-limit-accept -j ACCEPT
COMMIT
"""


def config(conf: str, defaults: str):  # type: ignore[no-untyped-def]
    c, issues = parse_shell_vars(conf, "/etc/ufw/ufw.conf")
    d, more = parse_shell_vars(defaults, "/etc/default/ufw")
    assert issues == more == ()
    return ufw_config(c, d)


def test_builtin_defaults_and_quotes() -> None:
    cfg = config("", "")
    assert not cfg.enabled and cfg.input_policy == "DROP" and cfg.ipv6
    assert cfg.enabled_location == Location("/etc/ufw/ufw.conf")
    cfg = config("ENABLED=yes\n", 'IPV6=no\nDEFAULT_INPUT_POLICY="REJECT"  # comment\n')
    assert cfg.enabled and cfg.input_policy == "REJECT" and not cfg.ipv6
    assert cfg.input_policy_location == Location("/etc/default/ufw", 2)


def test_bad_lines_are_issues() -> None:
    _, issues = parse_shell_vars("ENABLED yes\nX='unterminated\n", "/etc/ufw/ufw.conf")
    assert [i.location.line for i in issues] == [1, 2]


def test_ruleset_follows_ufw_init_hooks() -> None:
    cfg = config("ENABLED=yes\n", "")
    parsed = tuple(
        parse_iptables_save(t, p, kind="ufw")[0]
        for t, p in ((BEFORE, "/etc/ufw/before.rules"), (USER, "/etc/ufw/user.rules"))
    )
    fw = FirewallFacts(False, (ufw_ruleset(cfg, Family.IPV4, parsed, True),))
    ssh = fw.input_verdict(22, "tcp")
    # cited at the rule that selects the port (the --dport 22 jump), not the bare accept it jumps to
    assert ssh.open_to_world and ssh.location == Location("/etc/ufw/user.rules", 9)
    assert ssh.decided_by is not None and ssh.decided_by.location == Location("/etc/ufw/user.rules", 14)
    mongo = fw.input_verdict(27017, "tcp")
    assert mongo.open_to_world and mongo.location == Location("/etc/ufw/user.rules", 11)
    default = fw.default_verdict()
    assert default.verdict is Verdict.DROP and default.by_policy
    assert default.location == Location("/etc/default/ufw")


def test_ipv6_off_means_closed_ipv6() -> None:
    cfg = config("ENABLED=yes\n", "IPV6=no\n")
    ruleset = ufw_ruleset(cfg, Family.IPV6, (), True)
    fw = FirewallFacts(False, (ruleset,))
    assert fw.input_verdict(22, "tcp", "ipv6").verdict is Verdict.DROP
