"""Real-world nft scripts: the example rulesets Debian 12's nftables package ships
(/usr/share/doc/nftables/examples: workstation, inet/ipv4/ipv6 filter, raw, NAT, sets and maps, ...).

For every example the real `nft -c -f` (inside `unshare -rn`) accepts, Garrison reads it without an issue,
and its verdicts from the script agree port by port with those from the kernel's own dump of it (`nft -j
list ruleset` after loading it). Examples nft refuses only for the test machine's sake (an interface that
does not exist here, SELinux, a relative include) are left out, with the reason.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.firewall.model import Family, Ruleset, Verdict
from garrison.facts.firewall.nftables import parse_nftables_conf
from garrison.facts.firewall.nftjson import parse_nft_json
from garrison.facts.firewall.verdict import Packet, packet_verdict
from realworld.debs import extract_packages

pytestmark = [pytest.mark.realworld, pytest.mark.needs_netfilter]

PORTS = (22, 53, 80, 123, 443, 4369, 5222, 9999)
#: What nft says when only the test machine makes it refuse an example.
_ENVIRONMENT = ("Interface does not exist", "File not found", "Could not process rule: No such file")


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    if not (shutil.which("nft") and shutil.which("unshare")):
        pytest.skip("needs nft and unshare")
    root = extract_packages(["nftables"], tmp_path_factory.mktemp("nft") / "root")
    found = sorted((root / "usr/share/doc/nftables/examples").glob("*.nft"))
    assert len(found) >= 10, found
    return found


def _netns(script: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "-rn", "sh", "-c", script], input=stdin, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip


def _answers(rulesets: tuple[Ruleset, ...], family: Family) -> list[tuple[object, ...]]:
    chosen = tuple(r for r in rulesets if r.family is family)
    out: list[tuple[object, ...]] = []
    for port in PORTS:
        for proto in ("tcp", "udp"):
            verdict = packet_verdict(chosen, "input", Packet(proto, port, family))
            out.append((port, proto, verdict.verdict, bool(verdict.restricted_to)))
    return out


def test_the_shipped_examples_read_like_the_kernel_reads_them(examples: list[Path]) -> None:
    judged: list[str] = []
    for path in examples:
        text = path.read_text()
        mine, issues = parse_nftables_conf(text, f"/etc/{path.name}")
        loaded = _netns("nft -f - && nft -j list ruleset", text)
        if loaded.returncode != 0:
            assert any(why in loaded.stderr for why in _ENVIRONMENT), (path.name, loaded.stderr)
            continue
        assert issues == (), (path.name, issues)
        dumped, problems = parse_nft_json(loaded.stdout)
        assert problems == ()
        for family in (Family.IPV4, Family.IPV6):
            assert _answers(mine, family) == _answers(dumped, family), (path.name, family)
        judged.append(path.name)
    assert {"workstation.nft", "inet-filter.nft", "ipv4-raw.nft"} <= set(judged), judged


def test_the_workstation_example_is_default_deny_with_replies_and_loopback(examples: list[Path]) -> None:
    path = next(p for p in examples if p.name == "workstation.nft")
    rulesets, issues = parse_nftables_conf(path.read_text(), "/etc/nftables.conf")
    assert issues == ()
    v4 = tuple(r for r in rulesets if r.family is Family.IPV4)
    assert packet_verdict(v4, "input", Packet("tcp", 9999, Family.IPV4)).verdict is Verdict.DROP
    reply = Packet("tcp", 9999, Family.IPV4, state="ESTABLISHED")
    assert packet_verdict(v4, "input", reply).verdict is Verdict.ACCEPT
