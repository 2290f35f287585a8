"""Differential: real packets through the real kernel's nftables (1.0.6) and iptables-nft (1.8.9) rules agree
with Garrison's first-match verdicts, for the matches whose meaning is easy to get wrong.

Each ruleset is loaded in a throw-away user and network namespace (`unshare -rn`, loopback up: nothing on
the host changes); a TCP connect to 127.0.0.1:PORT from inside it is "reached" (accepted, answered by a
reset: nothing listens) or "dropped" (the SYN was dropped: the connect times out), optionally from a chosen
source port. Garrison's verdict for a new TCP connection to the same port must agree: TCP flag tests judged
against the opening SYN (`tcp flags syn`, `& (syn|ack) == syn`, `!= syn`, iptables `--syn`, `! --syn`,
`--tcp-flags`), source-port accepts (the sender picks the port), named and concatenated verdict maps, jumps.
The rulesets name no address or interface, so a loopback connection stands for one from anywhere.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from garrison.facts.firewall.iptables import parse_iptables_save
from garrison.facts.firewall.model import Family, Ruleset, Verdict
from garrison.facts.firewall.nftables import parse_nftables_conf
from garrison.facts.firewall.verdict import Packet, packet_verdict

pytestmark = pytest.mark.needs_netfilter

PROBE = """
import socket, sys
for spec in sys.argv[1:]:
    port, _, sport = spec.partition(":")
    s = socket.socket()
    s.settimeout(0.3)
    if sport:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(sport)))
    try:
        s.connect(("127.0.0.1", int(port)))
        print(spec, "reached")
    except ConnectionRefusedError:
        print(spec, "reached")
    except OSError:
        print(spec, "dropped")
    s.close()
"""


@dataclass(frozen=True)
class Script:
    tool: str  # "nft" or "iptables"
    text: str
    probes: tuple[str, ...]  # "PORT" or "PORT:SOURCEPORT"


_NFT_HEAD = "table inet t {\n"
_IPT_HEAD = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
_REPLIES = "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"

SCRIPTS: dict[str, Script] = {
    "nft-tcp-flags": Script(
        "nft",
        _NFT_HEAD + " chain i { type filter hook input priority 0; policy accept;\n"
        "  tcp dport 4001 tcp flags syn drop\n  tcp dport 4002 tcp flags != syn drop\n"
        "  tcp dport 4003 tcp flags & (syn|ack) == syn drop\n  tcp dport 4004 tcp flags syn / syn,ack drop\n"
        "  tcp dport 4005 tcp flags { ack, syn|ack } drop\n  tcp dport 4006 tcp flags == 0x0 drop\n"
        "  tcp dport 4007 tcp flags & (fin|syn) == fin|syn drop\n }\n}\n",
        ("4001", "4002", "4003", "4004", "4005", "4006", "4007", "4008"),
    ),
    "nft-source-port-accept": Script(
        "nft",
        _NFT_HEAD + " chain i { type filter hook input priority 0; policy drop;\n"
        "  ct state established,related accept\n  tcp sport 2053 accept\n }\n}\n",
        ("5000:2053", "5000", "6000:2053"),
    ),
    "nft-named-and-concat-vmaps": Script(
        "nft",
        _NFT_HEAD + " map svc { type inet_service : verdict; elements = { 4101 : accept, 4102 : drop, "
        "4103 : jump ok }; }\n chain ok { accept; }\n"
        " chain i { type filter hook input priority 0; policy drop;\n"
        "  ct state established,related accept\n  tcp dport vmap @svc\n"
        "  meta l4proto . th dport vmap { tcp . 4104 : accept, udp . 4105 : accept }\n }\n}\n",
        ("4101", "4102", "4103", "4104", "4105", "4106"),
    ),
    "iptables-tcp-flags": Script(
        "iptables",
        _IPT_HEAD.replace(":INPUT DROP", ":INPUT ACCEPT")
        + _REPLIES
        + "-A INPUT -p tcp ! --syn -m conntrack --ctstate NEW -j DROP\n"
        "-A INPUT -p tcp --tcp-flags ALL NONE -j DROP\n-A INPUT -p tcp --tcp-flags SYN,FIN SYN,FIN -j DROP\n"
        "-A INPUT -p tcp --dport 4201 --syn -j DROP\n"
        "-A INPUT -p tcp --dport 4202 --tcp-flags SYN,ACK SYN -j DROP\n"
        "-A INPUT -p tcp --dport 4203 ! --tcp-flags SYN,ACK SYN -j DROP\nCOMMIT\n",
        ("4201", "4202", "4203", "4204"),
    ),
    "iptables-sport-and-multiport": Script(
        "iptables",
        _IPT_HEAD + _REPLIES + "-A INPUT -p tcp --sport 2054 -j ACCEPT\n"
        "-A INPUT -p tcp -m multiport --ports 4301 -j ACCEPT\n"
        "-A INPUT -p tcp -m multiport --sports 2055,2056 -j ACCEPT\nCOMMIT\n",
        ("4300:2054", "4300", "4301", "4302:4301", "4303:2056", "4303"),
    ),
    "iptables-jump-selects": Script(
        "iptables",
        _IPT_HEAD.replace(":OUTPUT ACCEPT [0:0]\n", ":OUTPUT ACCEPT [0:0]\n:SSH - [0:0]\n")
        + _REPLIES
        + "-A INPUT -p tcp --dport 4401 -j SSH\n-A SSH -p tcp --sport 2057 -j RETURN\n-A SSH -j ACCEPT\n"
        "COMMIT\n",
        ("4401", "4401:2057", "4402"),
    ),
}


def _netns(script: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "-rn", "sh", "-c", script], input=stdin, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    if not all(shutil.which(t) for t in ("nft", "iptables-restore", "unshare", "ip")):
        pytest.skip("needs nft, iptables-restore, ip and unshare")
    if _netns("ip link set lo up && nft list ruleset").returncode != 0:
        pytest.skip("unprivileged user/network namespaces are not available")


def _kernel(script: Script, probe: str) -> dict[str, str]:
    load = "nft -f /dev/stdin" if script.tool == "nft" else "iptables-restore"
    specs = " ".join(script.probes)
    done = _netns(f"ip link set lo up && {load} && {sys.executable} {probe} {specs}", script.text)
    assert done.returncode == 0, done.stderr
    return dict(line.split() for line in done.stdout.splitlines())


def _rulesets(script: Script) -> tuple[Ruleset, ...]:
    if script.tool == "nft":
        found, issues = parse_nftables_conf(script.text, "/etc/nftables.conf")
    else:
        one, issues = parse_iptables_save(script.text, "/etc/iptables/rules.v4", Family.IPV4)
        found = (one,)
    assert issues == ()
    return tuple(r for r in found if r.family is Family.IPV4)


def _garrison(rulesets: tuple[Ruleset, ...], port: int) -> str:
    verdict = packet_verdict(rulesets, "input", Packet("tcp", port, Family.IPV4))
    return "reached" if verdict.verdict is Verdict.ACCEPT else "dropped"


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_real_packets_meet_garrisons_verdicts(name: str, tmp_path: Path) -> None:
    """Garrison answers whether someone from anywhere reaches the port, with whatever source port suits
    them: the kernel must let at least one of the probes to that port in exactly when Garrison says so."""
    script = SCRIPTS[name]
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    seen = _kernel(script, str(probe))
    rulesets = _rulesets(script)
    for port in sorted({int(spec.partition(":")[0]) for spec in script.probes}):
        kernel = [seen[s] for s in script.probes if int(s.partition(":")[0]) == port]
        reached = "reached" if "reached" in kernel else "dropped"
        assert _garrison(rulesets, port) == reached, f"{name} {port}: kernel {kernel}"
