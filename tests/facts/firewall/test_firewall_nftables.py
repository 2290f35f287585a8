"""/etc/nftables.conf parsing (structure, includes, defines, sets, vmaps) and `nft -j list ruleset` JSON."""

from __future__ import annotations

from pathlib import Path

from garrison.facts.firewall.model import Family, FirewallFacts, Verdict
from garrison.facts.firewall.nftables import parse_nftables_conf
from garrison.facts.firewall.nftjson import NFT_COMMAND, parse_nft_json
from garrison.facts.firewall.nftsyntax import include_patterns
from garrison.model import Location

DATA = Path(__file__).parent / "data"

CONF = """#!/usr/sbin/nft -f
flush ruleset
define TRUSTED = { 203.0.113.0/24, 198.51.100.7 }

table inet filter {
    set admins {
        type ipv4_addr
        elements = { 192.0.2.10 }
    }
    chain input {
        type filter hook input priority filter; policy drop;
        iif lo accept
        ct state vmap { established : accept, related : accept, invalid : drop }
        ip protocol icmp limit rate 10/second accept
        ip saddr $TRUSTED tcp dport ssh accept
        ip saddr @admins tcp dport 6443 accept
        tcp dport {
            80,
            443, 5222-5223
        } counter accept
        tcp dport { 4369, 1883 } drop
        jump services
        counter reject with icmpx type admin-prohibited
    }
    chain services {
        udp dport 3478 accept
    }
    chain forward {
        type filter hook forward priority 0; policy drop;
    }
}
include "nftables.d/*.nft"
"""


def parse(text: str, includes: dict[str, str] | None = None) -> FirewallFacts:
    rulesets, issues = parse_nftables_conf(text, "/etc/nftables.conf", includes)
    assert issues == ()
    return FirewallFacts(live=False, rulesets=rulesets)


def test_inet_table_filters_both_families() -> None:
    fw = parse(CONF, {"/etc/nftables.d/turn.nft": "add rule inet filter services udp dport 5349 accept\n"})
    assert {r.family for r in fw.rulesets} == {Family.IPV4, Family.IPV6}
    ssh = fw.input_verdict(22, "tcp")
    assert ssh.restricted_to == ("203.0.113.0/24,198.51.100.7",)
    assert ssh.location == Location("/etc/nftables.conf", 15)
    assert fw.input_verdict(22, "tcp", "ipv6").verdict is Verdict.REJECT  # `ip saddr` never matches IPv6
    assert fw.input_verdict(6443, "tcp").restricted_to == ("@admins",)
    assert fw.input_verdict(5223, "tcp").location == Location("/etc/nftables.conf", 17)
    assert fw.input_verdict(4369, "tcp").verdict is Verdict.DROP
    assert fw.input_verdict(3478, "udp", "ipv6").open_to_world
    assert fw.input_verdict(5349, "udp").location == Location("/etc/nftables.d/turn.nft", 1)
    assert fw.default_verdict().verdict is Verdict.REJECT
    assert fw.default_verdict(Family.IPV4, "forward").verdict is Verdict.DROP


def test_debian_default_accepts_everything() -> None:
    text = (
        "#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n\tchain input {\n"
        "\t\ttype filter hook input priority filter;\n\t}\n}\n"
    )
    fw = parse(text)
    assert all(r.empty for r in fw.rulesets)
    assert fw.input_verdict(5432, "tcp").open_to_world and fw.input_verdict(5432, "tcp").by_policy


def test_ip_table_and_add_rule_commands() -> None:
    text = """table ip fw
add chain ip fw in { type filter hook input priority 0 ; policy accept ; }
add rule ip fw in tcp dport 5432 drop
insert rule ip fw in iifname "lo" accept
"""
    fw = parse(text)
    assert [r.family for r in fw.rulesets] == [Family.IPV4]
    assert fw.input_verdict(5432, "tcp").blocked
    assert fw.input_verdict(5433, "tcp").open_to_world


def test_structural_problems() -> None:
    _, issues = parse_nftables_conf("table inet filter {\n chain input {\n", "/etc/nftables.conf")
    assert issues and issues[0].message.endswith("never closed")
    _, issues = parse_nftables_conf('include "/etc/missing.nft"\n', "/etc/nftables.conf")
    assert issues[0].location == Location("/etc/nftables.conf", 1)
    _, issues = parse_nftables_conf("bogus statement\n", "/etc/nftables.conf")
    assert "unknown statement" in issues[0].message
    loop = {"/etc/a.nft": 'include "/etc/b.nft"\n', "/etc/b.nft": 'include "/etc/a.nft"\n'}
    _, issues = parse_nftables_conf('include "/etc/a.nft"\n', "/etc/nftables.conf", loop)
    assert any("include loop" in i.message for i in issues)


def test_include_patterns() -> None:
    assert include_patterns('include "/etc/nft/*.nft"\ninclude "x.nft"\n') == ("/etc/nft/*.nft", "x.nft")


def test_json_ruleset() -> None:
    rulesets, issues = parse_nft_json((DATA / "nft-ruleset.json").read_text())
    assert issues == ()
    fw = FirewallFacts(live=True, rulesets=rulesets)
    ssh = fw.input_verdict(22, "tcp")
    assert ssh.restricted_to == ("@trusted",) and ssh.location == Location(NFT_COMMAND)
    assert "handle 8" in ssh.detail
    assert fw.input_verdict(22, "tcp", Family.IPV6).verdict is Verdict.DROP
    assert fw.input_verdict(111, "udp").verdict is Verdict.DROP
    assert fw.input_verdict(3478, "udp").open_to_world  # through `jump services`
    assert fw.default_verdict().by_policy
    rule = fw.input_verdict(1, "icmp").rule
    assert rule is None or rule.limited


def test_json_exclude_and_garbage() -> None:
    text = (DATA / "nft-ruleset.json").read_text()
    rulesets, _ = parse_nft_json(text, exclude={("inet", "filter")})
    assert rulesets == ()
    assert parse_nft_json("not json")[1][0].message.startswith("not valid JSON")
    assert parse_nft_json('{"x": 1}')[1]
    odd, _ = parse_nft_json('{"nftables": [1, {"rule": 3}, {"chain": {}}]}')
    assert all(not r.base_chains("input") for r in odd)


def test_self_include_is_a_loop_not_a_missing_file() -> None:
    _, issues = parse_nftables_conf('include "/etc/nftables.conf"\n', "/etc/nftables.conf")
    assert [str(i) for i in issues] == [
        "/etc/nftables.conf:1: include loop: /etc/nftables.conf is included again while it is being read"
    ]
