"""Issue 9's firewall semantics: TCP flags, source ports, notrack, verdict maps and concatenations, template
placeholders, and which rule a port's verdict cites."""

from __future__ import annotations

import pytest

from garrison.facts.firewall.fwrule import TcpFlags, nft_tcp_flags
from garrison.facts.firewall.iptables import parse_iptables_save
from garrison.facts.firewall.model import Family, FirewallFacts, Verdict
from garrison.facts.firewall.nftables import parse_nftables_conf
from garrison.facts.firewall.nftmodel import chain_priority
from garrison.model import Location

HEAD = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"


def ipt(body: str, head: str = HEAD) -> FirewallFacts:
    ruleset, issues = parse_iptables_save(head + body + "COMMIT\n", "/etc/iptables/rules.v4")
    assert issues == ()
    return FirewallFacts(False, (ruleset,))


def nft(body: str) -> FirewallFacts:
    rulesets, issues = parse_nftables_conf(body, "/etc/nftables.conf")
    assert issues == ()
    return FirewallFacts(False, rulesets)


INPUT = (
    "table inet f {{\n chain input {{\n  type filter hook input priority 0; policy {policy};\n{rules} }}\n"
    "}}\n"
)
OPEN_HEAD = HEAD.replace(":INPUT DROP", ":INPUT ACCEPT")


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("syn", TcpFlags("any", 0xFF, (0x02,))),
        ("!= syn", TcpFlags("!=", 0xFF, (0x02,))),
        ("syn / syn , ack", TcpFlags("==", 0x12, (0x02,))),
        ("& (fin|syn|rst|ack) != syn", TcpFlags("!=", 0x17, (0x02,))),
        ("{ syn, ack }", TcpFlags("==", 0xFF, (0x02, 0x10))),
        ("== 0x0", TcpFlags("==", 0xFF, (0,))),
        ("bogus", None),
    ],
)
def test_nft_tcp_flags(text: str, flags: TcpFlags | None) -> None:
    assert nft_tcp_flags(text) == flags


def test_not_syn_drop_does_not_drop_new_connections() -> None:
    sanity = (
        "-A INPUT -p tcp ! --syn -m state --state NEW -j DROP\n-A INPUT -p tcp --tcp-flags ALL NONE -j DROP\n"
    )
    fw = ipt(sanity + "-A INPUT -p tcp --dport 22 -j ACCEPT\n", OPEN_HEAD)
    assert fw.input_verdict(4369, "tcp").by_policy and fw.input_verdict(4369, "tcp").open_to_world
    syn_drop = ipt(
        "-A INPUT -p tcp --dport 4369 --syn -j DROP\n", HEAD.replace(":INPUT DROP", ":INPUT ACCEPT")
    )
    assert syn_drop.input_verdict(4369, "tcp").blocked
    # a reply (ACK) is not a SYN: `--syn` drops do not touch established traffic
    assert syn_drop.packet_verdict(Family.IPV4, "tcp", 4369, state="ESTABLISHED").verdict is Verdict.ACCEPT


def test_source_ports_are_the_senders_choice() -> None:
    fw = ipt("-A INPUT -p udp --sport 53 -j ACCEPT\n-A INPUT -p tcp -m multiport --ports 80 -j ACCEPT\n")
    rules = fw.sender_port_accepts()
    assert [r.location.line for r in rules] == [5, 6]
    assert rules[0].sports[0].low == 53 and not rules[0].dports
    assert rules[1].either_port and fw.input_verdict(80, "tcp").open_to_world
    assert fw.input_verdict(9999, "udp").open_to_world  # from source port 53, anything gets in
    drop = ipt("-A INPUT -p tcp --sport 1024:65535 -j DROP\n", OPEN_HEAD)
    assert drop.input_verdict(22, "tcp").open_to_world  # a sender picks a port below 1024
    replies = ipt("-A INPUT -p udp --sport 53 -m conntrack --ctstate ESTABLISHED -j ACCEPT\n")
    assert replies.sender_port_accepts() == ()


def test_iptables_raw_notrack_makes_new_packets_untracked() -> None:
    raw = "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    raw += "-A PREROUTING -p udp --dport 53 -j CT --notrack\nCOMMIT\n"
    fw = ipt("-A INPUT -m state --state UNTRACKED -j ACCEPT\n", raw + HEAD)
    assert [r.location.line for r in fw.notrack_rules()] == [4]
    untracked = fw.input_verdict(53, "udp")
    assert untracked.open_to_world and untracked.untracked_by is not None
    assert fw.packet_verdict(Family.IPV4, "udp", 53, notrack=False).blocked
    assert fw.input_verdict(54, "udp").blocked


def test_nft_notrack_counts_only_before_conntrack() -> None:
    def ruleset(priority: str) -> FirewallFacts:
        return nft(
            f"table inet f {{\n chain pre {{\n  type filter hook prerouting priority {priority};\n"
            "  udp dport 53 notrack\n }\n chain input {\n  type filter hook input priority 0; policy drop;\n"
            "  ct state established,related accept\n  ct state new udp dport 53 accept\n }\n}\n"
        )

    raw = ruleset("raw")
    assert raw.notrack_rules() and raw.input_verdict(53, "udp").blocked  # untracked: `ct state new` misses it
    late = ruleset("filter")
    assert late.notrack_rules() == () and late.input_verdict(53, "udp").open_to_world


@pytest.mark.parametrize(
    ("text", "value"), [("raw", -300), ("-300", -300), ("filter + 10", 10), ("raw-10", -310), ("x", None)]
)
def test_chain_priority(text: str, value: int | None) -> None:
    assert chain_priority(text) == value


def test_named_and_concatenated_verdict_maps() -> None:
    svc = " map svc {\n  type inet_service : verdict\n  elements = { 22 : accept, 25 : drop }\n }\n"
    rules = "  tcp dport vmap @svc\n  ip saddr . tcp dport vmap { 10.0.0.1 . 5432 : accept, "
    rules += "0.0.0.0/0 . 6379 : accept }\n"
    fw = nft(INPUT.format(policy="drop", rules=rules).replace("\n", "\n" + svc, 1))
    ssh = fw.input_verdict(22, "tcp")
    assert ssh.open_to_world and ssh.location == Location("/etc/nftables.conf", 8)
    assert fw.input_verdict(25, "tcp").blocked
    assert fw.input_verdict(5432, "tcp").restricted_to == ("10.0.0.1",)
    assert fw.input_verdict(6379, "tcp").open_to_world
    assert fw.input_verdict(6379, "tcp", Family.IPV6).blocked  # `ip saddr` is IPv4 only


def test_verdict_cites_the_rule_that_selects_the_port() -> None:
    fw = ipt("-A INPUT -p tcp --dport 22 -j SSH\n-A SSH -j ACCEPT\n", HEAD + ":SSH - [0:0]\n")
    verdict = fw.input_verdict(22, "tcp")
    assert verdict.location == Location("/etc/iptables/rules.v4", 6)
    assert verdict.decided_by is not None and verdict.decided_by.location.line == 7


@pytest.mark.parametrize(
    ("rule", "found"),
    [
        ("  tcp dport {{ ssh_port }} accept\n", "{{ ssh_port }}"),
        ("  tcp dport ${PORT} accept\n", "${PORT}"),
        ("  ip saddr @@ADMIN@@ accept\n", "@@ADMIN@@"),
        ("  tcp dport $SSH accept\n", "unknown variable $SSH"),
    ],
)
def test_unrendered_placeholders_are_refused_at_their_line(rule: str, found: str) -> None:
    _, issues = parse_nftables_conf(INPUT.format(policy="drop", rules=rule), "/etc/nftables.conf")
    assert issues and issues[0].location == Location("/etc/nftables.conf", 4)
    assert found in issues[0].message


def test_placeholders_in_strings_and_comments_are_text() -> None:
    rules = '  tcp dport 22 accept comment "{{ note }}"\n  tcp dport 80 accept # {{ port }}\n'
    assert parse_nftables_conf(INPUT.format(policy="drop", rules=rules), "/etc/nftables.conf")[1] == ()


def test_private_sources_without_an_interface() -> None:
    rules = "-A INPUT -s 10.0.0.0/8 -j ACCEPT\n-A INPUT -i eth1 -s 192.168.0.0/16 -j ACCEPT\n"
    rules += "-A INPUT -s 203.0.113.7 -j ACCEPT\n-A INPUT -s 100.64.0.0/10 -j SSH\n"
    fw = ipt(rules, HEAD + ":SSH - [0:0]\n")
    assert [r.location.line for r in fw.spoofable_accepts()] == [6, 9]


def test_reject_with_a_reply_type_is_for_its_family_or_protocol() -> None:
    rules = "  reject with icmp type host-unreachable\n"
    fw = nft(INPUT.format(policy="accept", rules=rules))
    assert fw.input_verdict(22, "tcp").verdict is Verdict.REJECT
    assert fw.input_verdict(22, "tcp", Family.IPV6).open_to_world  # an ICMP (IPv4) reply: IPv4 only
    tcp_reset = nft(INPUT.format(policy="accept", rules="  reject with tcp reset\n"))
    assert tcp_reset.input_verdict(53, "udp").open_to_world and tcp_reset.input_verdict(53, "tcp").blocked
