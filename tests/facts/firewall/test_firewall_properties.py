"""Never-raises property tests for every firewall parser: arbitrary text gives a model, never an exception."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.firewall.iptables import parse_iptables_save, parse_ports
from garrison.facts.firewall.model import Family, FirewallFacts
from garrison.facts.firewall.nftables import parse_nftables_conf
from garrison.facts.firewall.nftjson import parse_nft_json
from garrison.facts.firewall.nftsyntax import include_patterns
from garrison.facts.firewall.persist import (
    parse_boot_script,
    parse_crontab,
    parse_if_inet6,
    parse_sysctl_ipv6_disabled,
)
from garrison.facts.firewall.ufw import parse_shell_vars

IPT_WORDS = st.sampled_from(
    ["*filter", "*nat", ":INPUT", ":x", "DROP", "ACCEPT", "-", "[0:0]", "COMMIT", "-A", "-I", "-N", "INPUT",
     "x", "-p", "tcp", "udp", "!", "--dport", "22", "1:2", "80,443", "-m", "multiport", "--dports", "-s",
     "10.0.0.0/8", "-i", "lo", "--state", "NEW,ESTABLISHED", "-j", "-g", "RETURN", "REJECT", "LOG", '"',
     "'", "#", "\n", " ", "--limit", "--match-set", "src", "--dst-type", "LOCAL", "-d", "224.0.0.1",
     "--sport", "--sports", "--ports", "--tcp-flags", "ALL", "NONE", "SYN,ACK", "--syn", "*raw",
     "PREROUTING", "NOTRACK", "CT", "--notrack", "--ctstate", "UNTRACKED", "192.168.0.0/16"]
)  # fmt: skip
NFT_WORDS = st.sampled_from(
    ["table", "inet", "ip", "ip6", "filter", "chain", "input", "{", "}", ";", "\n", " ", "type", "hook",
     "priority", "0", "policy", "drop", "accept", "reject", "with", "tcp", "dport", "22", ",", "1-2",
     "ct", "state", "established", "vmap", ":", "iif", "lo", "saddr", "@s", "$v", "define", "v", "=",
     "include", '"', "/etc/x.nft", "set", "elements", "jump", "goto", "limit", "rate", "over", "10/second",
     "add", "rule", "insert", "flush", "ruleset", "delete", "#", "\\", "meta", "l4proto", "!=", "icmp",
     "sport", "flags", "syn", "&", "(syn|ack)", "/", "==", "notrack", "prerouting", "raw", "-300", "map",
     ".", "th", "untracked", "{{", "}}", "${X}", "@@X@@", "%X%", "<X>", "@m", "verdict", "inet_service"]
)  # fmt: skip


def text_of(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=300), st.lists(words, max_size=80).map(" ".join))


def exercise(fw: FirewallFacts) -> None:
    for family in (Family.IPV4, Family.IPV6):
        for port, proto in ((22, "tcp"), (111, "udp"), (1, "icmp")):
            fw.input_verdict(port, proto, family)
        fw.default_verdict(family)
        fw.default_verdict(family, "forward")
        fw.default_verdict(family, proto="udp", notrack=False)
        fw.notrack_rules(family)
        fw.sender_port_accepts(family)
        fw.spoofable_accepts(family)


@settings(max_examples=150, deadline=None)
@given(text_of(IPT_WORDS))
def test_iptables_never_raises(text: str) -> None:
    ruleset, issues = parse_iptables_save(text, "/etc/iptables/rules.v4")
    assert all(i.location.path == "/etc/iptables/rules.v4" for i in issues)
    exercise(FirewallFacts(False, (ruleset,)))
    parse_ports(text[:20])


@settings(max_examples=150, deadline=None)
@given(text_of(NFT_WORDS), text_of(NFT_WORDS))
def test_nftables_never_raises(text: str, included: str) -> None:
    rulesets, _ = parse_nftables_conf(text, "/etc/nftables.conf", {"/etc/x.nft": included})
    include_patterns(text)
    exercise(FirewallFacts(False, rulesets))


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10))
JSON = st.recursive(
    JSON_LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["nftables", "rule", "chain", "table", "set", "expr", "match", "left", "right",
                             "payload", "protocol", "field", "meta", "key", "ct", "accept", "jump", "target",
                             "vmap", "data", "family", "name", "hook", "type", "policy", "elem", "prefix"]),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(JSON)
def test_nft_json_never_raises(value: object) -> None:
    rulesets, _ = parse_nft_json(json.dumps({"nftables": [value]}))
    exercise(FirewallFacts(True, rulesets))
    parse_nft_json(json.dumps(value))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_small_parsers_never_raise(text: str) -> None:
    parse_shell_vars(text, "/etc/default/ufw")
    parse_crontab(text, "/etc/crontab", user_field=True)
    parse_crontab(text, "/var/spool/cron/crontabs/root", user_field=False)
    parse_boot_script(text, "/etc/rc.local")
    parse_sysctl_ipv6_disabled(text, "/etc/sysctl.conf")
    parse_if_inet6(text)
