"""gather_firewall against small fixture trees: sources, boot persistence, live commands and failures."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from garrison.facts.firewall import FirewallFacts
from garrison.facts.firewall.gather import gather_firewall
from garrison.facts.firewall.model import Family, Verdict
from garrison.facts.store import FactError, FactStore
from garrison.model import Location
from garrison.targets.base import Capability, CommandResult, CommandStatus, not_run
from garrison.targets.rootdir import RootDirTarget

RULES = (
    "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    "-A INPUT -i lo -j ACCEPT\nCOMMIT\n"
)


class LiveTree(RootDirTarget):
    def __init__(self, root: Path, outputs: dict[str, tuple[int, str]]) -> None:
        super().__init__(str(root))
        self.outputs = outputs

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset({Capability.RUNNING_SYSTEM, Capability.COMMANDS})

    def run(self, argv: Sequence[str], *, timeout: float = 10.0) -> CommandResult:
        found = self.outputs.get(" ".join(argv))
        if found is None:
            return not_run(argv, CommandStatus.NOT_FOUND, "not installed")
        code, text = found
        return CommandResult(tuple(argv), code, text if code == 0 else "", "" if code == 0 else text)


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_no_firewall_anywhere_is_a_fact_not_an_absent_subject(tmp_path: Path) -> None:
    """A host without any firewall gets facts saying so (firewall.active fails on them), naming the
    persisted rulesets looked for; ports are open, as the exposure pack has always been told."""
    fw = gather_firewall(RootDirTarget(str(tree(tmp_path, {"etc/hostname": "x\n"}))))
    assert fw.absent and not fw.rulesets and fw.tried == ()
    assert {"/etc/iptables/rules.v4", "/etc/iptables/rules.v6", "/etc/nftables.conf"} <= set(fw.searched)
    verdict = fw.input_verdict(22, "tcp")
    assert verdict.open_to_world and verdict.location is None and verdict.detail == "no firewall configured"


def test_tools_without_rules_are_not_absent(tmp_path: Path) -> None:
    fw = gather_firewall(RootDirTarget(str(tree(tmp_path, {"usr/sbin/nft": "", "etc/hostname": "x\n"}))))
    assert not fw.absent and fw.tooling == ("nft",)


def test_nftables_includes_and_service(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "etc/nftables.conf": 'flush ruleset\ninclude "/etc/nftables.d/*.nft"\ninclude "extra.nft"\n',
            "etc/nftables.d/10-base.nft": "table inet filter {\n chain input {\n"
            "  type filter hook input priority 0; policy drop;\n  tcp dport 443 accept\n }\n}\n",
            "etc/extra.nft": "add rule inet filter input udp dport 3478 accept\n",
        },
    )
    wants = root / "etc/systemd/system/multi-user.target.wants"
    wants.mkdir(parents=True)
    os.symlink("/lib/systemd/system/nftables.service", wants / "nftables.service")
    fw = gather_firewall(RootDirTarget(str(root)))
    assert [p.kind for p in fw.persistence] == ["nftables.service"]
    assert fw.input_verdict(443, "tcp", "ipv6").location == Location("/etc/nftables.d/10-base.nft", 4)
    assert fw.input_verdict(3478, "udp").location == Location("/etc/extra.nft", 1)
    assert fw.default_verdict().verdict is Verdict.DROP


def test_structural_error_is_a_fact_error_with_line(tmp_path: Path) -> None:
    root = tree(
        tmp_path, {"etc/iptables/rules.v4": RULES.replace("COMMIT\n", "-A nowhere -j DROP\nCOMMIT\n")}
    )
    with pytest.raises(FactError) as caught:
        gather_firewall(RootDirTarget(str(root)))
    assert caught.value.location == Location("/etc/iptables/rules.v4", 6)


def test_binary_rules_file_becomes_an_error_through_the_store(tmp_path: Path) -> None:
    root = tree(tmp_path, {})
    (root / "etc/iptables").mkdir(parents=True)
    (root / "etc/iptables/rules.v4").write_bytes(b"\x00\x01binary")
    store = FactStore(RootDirTarget(str(root)), {FirewallFacts: gather_firewall})
    with pytest.raises(FactError) as caught:
        store.get(FirewallFacts)
    assert caught.value.location == Location("/etc/iptables/rules.v4")


def test_cron_d_restore_with_user_field(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "etc/cron.d/firewall": "SHELL=/bin/sh\n@reboot root /sbin/ip6tables-restore < /etc/fw/v6\n",
            "etc/fw/v6": RULES,
        },
    )
    fw = gather_firewall(RootDirTarget(str(root)))
    (ruleset,) = fw.effective(Family.IPV6)
    assert ruleset.source == "/etc/fw/v6"
    assert fw.persistence[0].location == Location("/etc/cron.d/firewall", 2)


def test_live_rules_win_and_files_are_kept_for_comparison(tmp_path: Path) -> None:
    root = tree(tmp_path, {"etc/iptables/rules.v4": RULES})
    nft = (
        '{"nftables": [{"table": {"family": "ip", "name": "filter"}}, {"chain": {"family": "ip", "table": '
        '"filter", "name": "INPUT", "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}}, '
        '{"rule": {"family": "ip", "table": "filter", "chain": "INPUT", "expr": [{"xt": {"type": "match"}}, '
        '{"accept": null}]}}]}'
    )
    live = RULES.replace("-A INPUT -i lo -j ACCEPT", "-A INPUT -p tcp -m tcp --dport 5432 -j ACCEPT")
    target = LiveTree(root, {"iptables-save": (0, live), "nft -j list ruleset": (0, nft)})
    fw = gather_firewall(target)
    assert fw.live
    assert [r.source for r in fw.effective(Family.IPV4)] == ["iptables-save"]  # nft's copy of it is skipped
    assert fw.input_verdict(5432, "tcp").location == Location("iptables-save", 5)
    saved = [r for r in fw.rulesets if r.source == "/etc/iptables/rules.v4"]
    assert saved and not saved[0].in_effect


def test_live_commands_failing_fall_back_to_files(tmp_path: Path) -> None:
    root = tree(tmp_path, {"etc/iptables/rules.v4": RULES})
    denied = (
        4,
        "iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied",
    )
    fw = gather_firewall(LiveTree(root, {"iptables-save": denied}))
    assert not fw.live
    assert fw.effective(Family.IPV4)[0].source == "/etc/iptables/rules.v4"
    assert fw.issues and fw.issues[0].location == Location("iptables-save")
    assert "Permission denied" in fw.issues[0].message


def test_ipv6_switches(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {"etc/iptables/rules.v4": RULES, "etc/default/grub": 'GRUB_CMDLINE_LINUX="ipv6.disable=1"\n'},
    )
    assert gather_firewall(RootDirTarget(str(root))).ipv6_disabled == Location("/etc/default/grub", 1)
    live = tree(
        tmp_path / "live", {"proc/sys/net/ipv6/conf/all/disable_ipv6": "0\n", "proc/net/if_inet6": ""}
    )
    fw = gather_firewall(LiveTree(live, {"iptables-save": (0, RULES)}))
    assert fw.ipv6_disabled is None and fw.ipv6_global == ()
