"""A debootstrapped Debian 12 root with only its base packages (minbase: no iptables, nftables or ufw) has no
firewall at all, and the audit says so: firewall.active fails (high), naming the persisted rulesets it looked
for; every other firewall rule is not applicable, pointing at firewall.active (issue 9, item 2).

The tree is built once with `debootstrap --variant=minbase bookworm` through tests/chroots.py and cached in
its cache directory as `bookworm-minbase`; the test skips (with the reason) when it cannot be built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.model import Severity, Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

chroots = pytest.importorskip("chroots")

pytestmark = [pytest.mark.realworld, pytest.mark.slow]


@dataclass(frozen=True, slots=True)
class _Minbase(chroots.ChrootSpec):  # type: ignore[misc,name-defined]
    """Debian 12 with no packages beyond minbase, in its own cache directory (not the suite's name)."""

    @property
    def path(self) -> Path:
        return Path(chroots.CACHE) / f"{self.suite}-minbase"


BOOKWORM_BASE = _Minbase("bookworm", ("base-files",))  # debootstrap needs one --include; minbase has it


@pytest.fixture(scope="module")
def base_root() -> Path:
    root: Path = chroots.chroot_or_skip(BOOKWORM_BASE)
    return root


def test_debian12_base_root_has_no_firewall_and_firewall_active_fails(base_root: Path) -> None:
    assert 'VERSION_ID="12"' in (base_root / "etc/os-release").read_text()
    for program in ("iptables", "nft", "ufw"):
        assert not (base_root / "usr/sbin" / program).exists(), f"{program} is in minbase"
    rules = [r for r in load_rules() if r.id.startswith("firewall.")]
    result = run_audit(RootDirTarget(str(base_root)), rules, today=date(2026, 12, 2))
    found = {f.rule_id: f for f in result.findings}
    active = found["firewall.active"]
    assert active.status is Status.FAIL and active.severity is Severity.HIGH, active.message
    assert "/etc/iptables/rules.v4" in active.message and "/etc/nftables.conf" in active.message
    cited = {e.path for e in active.evidence}
    assert {"/etc/iptables/rules.v4", "/etc/iptables/rules.v6", "/etc/nftables.conf"} <= cited
    others = {rule_id: f.status for rule_id, f in found.items() if rule_id != "firewall.active"}
    assert set(others.values()) == {Status.NOT_APPLICABLE}, others
    assert all("see firewall.active" in f.message for rule_id, f in found.items() if rule_id in others)
