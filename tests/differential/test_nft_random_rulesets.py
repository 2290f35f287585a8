"""Differential: random nft rulesets built from the constructs issue 9 names (TCP flags, source ports,
notrack, named and concatenated verdict maps, address maps, rejects with a reply type, jumps) read the same
from the script as from the kernel's dump of it.

Each script is loaded with the real `nft -f` (nftables 1.0.6) inside `unshare -rn` and dumped with `nft -j
list ruleset`; Garrison's verdicts from both readings must agree port by port, and a script nft accepts must
give no issue. The scripts are drawn with a fixed seed, so a failure names a reproducible script.
"""

from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from garrison.facts.firewall.model import Family, PortVerdict, Ruleset
from garrison.facts.firewall.nftables import parse_nftables_conf
from garrison.facts.firewall.nftjson import parse_nft_json
from garrison.facts.firewall.verdict import Packet, packet_verdict

pytestmark = pytest.mark.needs_netfilter

MATCHES = (
    "tcp dport 22", "tcp dport { 22, 80 }", "udp dport 53", "tcp sport 53", "th dport 1-1000",
    "tcp flags syn", "tcp flags & (syn|ack) == syn", "tcp flags != syn", "ip saddr 10.0.0.0/8",
    "ip saddr 0.0.0.0/0", "ip6 saddr ::/0", "ct state new", "ct state established,related",
    "ct state untracked", "iif lo", "meta l4proto udp",
    "ip saddr . tcp dport { 10.0.0.1 . 22, 0.0.0.0/0 . 443 }",
    "tcp dport @ports", "ip saddr @adm", "meta nfproto ipv4", "limit rate 5/second", "counter",
    "ip daddr 127.0.0.1", "tcp dport != 22", "udp sport { 53, 123 }",
)  # fmt: skip
VERDICTS = (
    "accept", "drop", "jump c2", "return", "tcp dport vmap @svc",
    "tcp dport vmap { 22 : accept, 4369 : drop }", "ct state vmap { established : accept, new : drop }",
    "ip saddr vmap { 0.0.0.0/0 : accept }", "notrack", "reject", "reject with icmp type host-unreachable",
    "reject with icmpv6 type admin-prohibited", "reject with tcp reset",
    "reject with icmpx type port-unreachable",
)  # fmt: skip
PRE = ("udp dport 53 notrack", "meta l4proto udp notrack", "tcp dport 22 notrack", "counter")
PORTS = (22, 25, 53, 80, 111, 443, 4369, 9999)
COUNT = 80


def _script(rng: random.Random) -> str:
    rules = [
        " ".join([*rng.sample(MATCHES, rng.randint(0, 3)), rng.choice(VERDICTS)])
        for _ in range(rng.randint(1, 6))
    ]
    pre = [rng.choice(PRE) for _ in range(rng.randint(0, 2))]
    return (
        "table inet t {\n set adm { type ipv4_addr; flags interval; elements = { 10.0.0.0/8 } }\n"
        " set ports { type inet_service; elements = { 22, 443 } }\n"
        " map svc { type inet_service : verdict; elements = { 22 : accept, 80 : drop } }\n"
        " chain c2 {\n  tcp dport 22 accept\n  ct state untracked accept\n }\n"
        " chain p {\n  type filter hook prerouting priority raw;\n"
        + "".join(f"  {r}\n" for r in pre)
        + " }\n"
        f" chain i {{\n  type filter hook input priority 0; policy {rng.choice(['drop', 'accept'])};\n"
        + "".join(f"  {r}\n" for r in rules)
        + " }\n}\n"
    )


SCRIPTS = [_script(random.Random(seed)) for seed in range(COUNT)]


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    if not (shutil.which("nft") and shutil.which("unshare")):
        pytest.skip("needs nft and unshare")
    if subprocess.run(["unshare", "-rn", "nft", "list", "ruleset"], capture_output=True).returncode:
        pytest.skip("unprivileged user/network namespaces are not available")


def _answers(rulesets: tuple[Ruleset, ...], family: Family) -> list[tuple[object, ...]]:
    chosen = tuple(r for r in rulesets if r.family is family)
    out: list[tuple[object, ...]] = []
    for port in PORTS:
        for proto in ("tcp", "udp"):
            v: PortVerdict = packet_verdict(chosen, "input", Packet(proto, port, family))
            out.append((port, proto, v.verdict, bool(v.restricted_to), v.by_policy))
    return out


@pytest.mark.parametrize("seed", range(COUNT))
def test_random_ruleset_reads_like_the_kernel_dump(seed: int) -> None:
    text = SCRIPTS[seed]
    loaded = subprocess.run(
        ["unshare", "-rn", "sh", "-c", "nft -f - && nft -j list ruleset"], input=text, capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip
    if loaded.returncode != 0:
        pytest.skip("nft refuses this combination; refusals are test_nft_placeholders' subject")
    mine, issues = parse_nftables_conf(text, "/etc/nftables.conf")
    assert issues == (), text
    dumped, problems = parse_nft_json(loaded.stdout)
    assert problems == ()
    for family in (Family.IPV4, Family.IPV6):
        assert _answers(mine, family) == _answers(dumped, family), f"{family}\n{text}"
