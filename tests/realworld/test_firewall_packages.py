"""Audit the firewall rules against what Debian 12's ufw (0.36.2), nftables (1.0.6) and iptables (1.8.9) ship.

ufw ships /etc/default/ufw with DEFAULT_INPUT_POLICY="DROP" and IPV6=yes, but /etc/ufw/ufw.conf (ENABLED=no)
and the before/user/after rules only under /usr/share/ufw (its postinst copies them). nftables ships an
/etc/nftables.conf whose `inet filter` chains have no rules and no policy (so: accept), and a
nftables.service that is not enabled. iptables ships programs only (no rules file). So the shipped state is
"no firewall": firewall.active fails; enabling ufw as `ufw enable` does gives a default-deny firewall.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.facts.firewall.gather import gather_firewall
from garrison.facts.firewall.iptables import parse_iptables_save
from garrison.facts.firewall.model import Family, Verdict
from garrison.model import Location, Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from realworld.debs import extract_packages

pytestmark = pytest.mark.realworld


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract_packages(["ufw", "nftables", "iptables"], tmp_path_factory.mktemp("fw") / "root")


def audit(root: Path) -> dict[str, tuple[Status, str, list[str]]]:
    rules = [r for r in load_rules() if r.id.startswith("firewall.")]
    result = run_audit(RootDirTarget(str(root)), rules, today=date(2026, 11, 24))
    return {
        f.rule_id: (f.status, f.message, [str(e.location) for e in f.evidence if e.location])
        for f in result.findings
    }


def test_shipped_files_parse_cleanly(shipped: Path) -> None:
    for name in ("before.rules", "after.rules", "user.rules", "before6.rules", "after6.rules", "user6.rules"):
        family = Family.IPV6 if "6" in name else Family.IPV4
        text = (shipped / "usr/share/ufw/iptables" / name).read_text()
        _, issues = parse_iptables_save(text, f"/etc/ufw/{name}", family)
        assert issues == (), name
    facts = gather_firewall(RootDirTarget(str(shipped)))
    assert {"nft", "ufw", "iptables-nft", "iptables-legacy"} <= set(facts.tooling)
    assert facts.ufw is not None
    assert not facts.ufw.enabled and facts.ufw.enabled_location == Location("/etc/ufw/ufw.conf")
    assert facts.ufw.input_policy == "DROP" and facts.ufw.input_policy_location.line is not None
    assert facts.ufw.ipv6
    nft = [r for r in facts.rulesets if r.source == "/etc/nftables.conf"]
    assert {r.family for r in nft} == {Family.IPV4, Family.IPV6}
    assert all(r.empty and not r.in_effect for r in nft)
    assert facts.persistence == ()
    assert facts.input_verdict(4369, "tcp").verdict is Verdict.ACCEPT


def test_shipped_state_is_no_firewall(shipped: Path) -> None:
    found = audit(shipped)
    status, message, where = found["firewall.active"]
    assert status is Status.FAIL and "ufw is installed but not enabled" in message
    assert where == ["/etc/ufw/ufw.conf"]
    assert found["firewall.epmd-blocked"][0] is Status.FAIL
    assert found["firewall.ssh-source-restricted"][0] is Status.FAIL
    assert found["firewall.input-default-deny"][0] is Status.NOT_APPLICABLE
    assert found["firewall.rules-persisted"][0] is Status.NOT_APPLICABLE


def test_ufw_enable_gives_default_deny(shipped: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(shipped, root, symlinks=True)
    for rules in (root / "usr/share/ufw/iptables").iterdir():
        shutil.copy(rules, root / "etc/ufw" / rules.name)
    conf = (root / "usr/share/ufw/ufw.conf").read_text()
    (root / "etc/ufw/ufw.conf").write_text(conf.replace("ENABLED=no", "ENABLED=yes"))
    found = audit(root)
    for rule_id in (
        "firewall.active",
        "firewall.input-default-deny",
        "firewall.forward-default-deny",
        "firewall.final-deny",
        "firewall.loopback-allowed",
        "firewall.established-allowed",
        "firewall.ipv6-parity",
        "firewall.no-accept-all",
        "firewall.epmd-blocked",
        "firewall.ssh-source-restricted",
        "firewall.rules-persisted",
        "firewall.source-port-accept",  # DHCP's --sport 67 --dport 68 names its destination port
        "firewall.private-sources-interface-bound",  # MLD from fe80::/10: link-local, never routed
        "firewall.open-ports-known",  # 68/udp, the DHCP client, is a known one
    ):
        assert found[rule_id][0] is Status.PASS, (rule_id, found[rule_id])
    assert found["firewall.untracked-filtered"][0] is Status.NOT_APPLICABLE
    # ufw's before.rules accept ICMP echo-request and errors without a limit
    assert found["firewall.icmp-rate-limited"][0] is Status.FAIL
    assert found["firewall.icmp-rate-limited"][2][0].startswith("/etc/ufw/before.rules:")
    assert found["firewall.dangerous-ports-explicit"][0] is Status.FAIL


def test_enabled_shipped_nftables_conf_filters_nothing(shipped: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(shipped, root, symlinks=True)
    wants = root / "etc/systemd/system/sysinit.target.wants"
    wants.mkdir(parents=True)
    os.symlink("/lib/systemd/system/nftables.service", wants / "nftables.service")
    (root / "etc/default/ufw").unlink()
    found = audit(root)
    status, message, where = found["firewall.active"]
    assert status is Status.FAIL and "accept everything" in message and where == ["/etc/nftables.conf"]
    assert found["firewall.final-deny"][0] is Status.FAIL
    assert found["firewall.input-default-deny"][2] == ["/etc/nftables.conf"]
