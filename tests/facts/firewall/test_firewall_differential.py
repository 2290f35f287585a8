"""Differential: load each case's saved rules into a real kernel ruleset and compare both readings.

Every /etc/nftables.conf and iptables rules file of the firewall case folders is loaded with the real `nft -f`
/ `iptables-restore` inside a throw-away user and network namespace (`unshare -rn`: nothing on the host
changes), dumped back with `nft -j list ruleset` / `iptables-save`, and Garrison's verdicts from the file and
from the dump must agree port by port. A file the real tool refuses must also be one Garrison reports issues
for. Needs nftables and iptables installed and unprivileged user namespaces.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.firewall.iptables import parse_iptables_save
from garrison.facts.firewall.model import Family, PortVerdict, Ruleset
from garrison.facts.firewall.nftables import parse_nftables_conf
from garrison.facts.firewall.nftjson import parse_nft_json
from garrison.facts.firewall.nftlisting import NFT_LISTING, parse_nft_listing
from garrison.facts.firewall.verdict import Packet, packet_verdict

pytestmark = pytest.mark.needs_netfilter

CASES = Path(__file__).resolve().parents[2] / "cases"
PORTS = (22, 25, 80, 111, 443, 1883, 3001, 3478, 4369, 5222, 5432, 6443, 9999, 50000)


def _netns(script: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "-rn", "sh", "-c", script],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    if not (shutil.which("nft") and shutil.which("iptables-restore") and shutil.which("unshare")):
        pytest.skip("needs nft, iptables-restore and unshare")
    if _netns("nft list ruleset", "").returncode != 0:
        pytest.skip("unprivileged user/network namespaces are not available")


def _files(pattern: str) -> list[Path]:
    return sorted(p for p in CASES.glob(f"firewall.*/*/root/{pattern}") if "include" not in p.read_text())


def _answers(rulesets: tuple[Ruleset, ...], family: Family) -> list[tuple[object, ...]]:
    chosen = tuple(r for r in rulesets if r.family is family)
    out: list[tuple[object, ...]] = []
    for port in PORTS:
        for proto in ("tcp", "udp"):
            for loopback in (False, True):
                v: PortVerdict = packet_verdict(
                    chosen, "input", Packet(proto, port, family, loopback=loopback)
                )
                out.append((port, proto, loopback, v.verdict, bool(v.restricted_to), v.by_policy))
    return out


@pytest.mark.parametrize("path", _files("etc/nftables.conf"), ids=lambda p: p.parts[-5] + "/" + p.parts[-4])
def test_nftables_conf_matches_the_kernel_dump(path: Path) -> None:
    text = path.read_text()
    mine, issues = parse_nftables_conf(text, "/etc/nftables.conf")
    loaded = _netns("nft -f - && nft -j list ruleset", text)
    if loaded.returncode != 0:
        assert issues, f"nft refused it but Garrison saw no issue: {loaded.stderr}"
        return
    assert issues == ()
    dumped, problems = parse_nft_json(loaded.stdout)
    assert problems == ()
    for family in (Family.IPV4, Family.IPV6):
        assert _answers(mine, family) == _answers(dumped, family), family


@pytest.mark.parametrize(
    "path",
    _files("etc/iptables/rules.v[46]") + _files("opt/iptables-rules"),
    ids=lambda p: p.parts[-6 if "iptables" in p.parts[-2] else -5] + "/" + p.name,
)
def test_iptables_file_matches_iptables_save(path: Path) -> None:
    family = Family.IPV6 if path.name.endswith("v6") else Family.IPV4
    tool = "ip6tables" if family is Family.IPV6 else "iptables"
    text = path.read_text()
    mine, issues = parse_iptables_save(text, str(path), family)
    loaded = _netns(f"{tool}-restore && {tool}-save", text)
    if loaded.returncode != 0:
        assert issues, f"{tool}-restore refused it but Garrison saw no issue: {loaded.stderr}"
        return
    assert issues == ()
    dumped, problems = parse_iptables_save(loaded.stdout, f"{tool}-save", family, live=True)
    assert problems == ()
    assert _answers((mine,), family) == _answers((dumped,), family)


#: Rules lines whose quoting iptables-restore 1.8.9 reads its own way (xshared.c add_param_to_argv): a
#: backslash escapes only inside quotes, a closing quote ends the word, a quote never closed runs to the end
#: of the line (and the rule then has no target), a single quote is an ordinary character.
QUOTED: dict[str, str] = {
    "escaped-quotes": '-A INPUT -p tcp --dport 22 -m comment --comment "a \\"b\\" c" -j ACCEPT',
    "unterminated-quote": '-A INPUT -p tcp --dport 22 -m comment --comment "ssh -j ACCEPT',
    "quote-inside-a-word": '-A INPUT -p tcp --dport 22 -m comment --comment ssh"a b" -j ACCEPT',
    "single-quotes": "-A INPUT -p tcp --dport 22 -m comment --comment 'ssh' -j ACCEPT",
    "quoted-port-list": '-A INPUT -p tcp -m multiport --dports "22,80" -j ACCEPT',
}


@pytest.mark.parametrize("name", sorted(QUOTED))
def test_iptables_quoting_is_read_like_iptables_restore(name: str) -> None:
    text = f"*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n{QUOTED[name]}\nCOMMIT\n"
    mine, issues = parse_iptables_save(text, "/etc/iptables/rules.v4", Family.IPV4)
    loaded = _netns("iptables-restore && iptables-save", text)
    assert loaded.returncode == 0, loaded.stderr
    assert issues == ()
    # an unclosed quote keeps the newline in the comment: iptables-save prints a lone `"` line after it
    dump = "\n".join(line for line in loaded.stdout.splitlines() if line != '"')
    dumped, problems = parse_iptables_save(dump, "iptables-save", Family.IPV4, live=True)
    assert problems == ()
    assert _answers((mine,), Family.IPV4) == _answers((dumped,), Family.IPV4)


@pytest.mark.parametrize("path", _files("etc/nftables.conf"), ids=lambda p: p.parts[-5] + "/" + p.parts[-4])
def test_live_nft_rules_are_located_in_the_real_listing(path: Path) -> None:
    """Live evidence cites `nft -a list ruleset:N`: line N of the real listing must print that rule."""
    loaded = _netns(
        "nft -f - && nft -j list ruleset && echo '=====' && nft -a list ruleset", path.read_text()
    )
    if loaded.returncode != 0:
        return  # refused: covered above
    dump, _, listing_text = loaded.stdout.partition("=====\n")
    plain, _ = parse_nft_json(dump)
    located, problems = parse_nft_json(dump, listing=parse_nft_listing(listing_text))
    assert problems == ()
    lines = listing_text.splitlines()
    for ruleset in located:
        for chain in ruleset.chains:
            if chain.hook is not None and chain.policy_location is not None:
                assert chain.policy_location.path == NFT_LISTING
                assert chain.policy_location.line is not None
                assert f"policy {chain.policy.lower()};" in lines[chain.policy_location.line - 1]
            for rule in chain.rules:
                assert rule.location.path == NFT_LISTING and rule.location.line is not None, rule
                handle = rule.text.rsplit("# handle ", 1)[1]
                assert lines[rule.location.line - 1].rstrip().endswith(f"# handle {handle}"), rule
    for family in (Family.IPV4, Family.IPV6):
        assert _answers(plain, family) == _answers(located, family), family
