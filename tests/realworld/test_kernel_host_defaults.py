"""The kernel and temporary-mount host checks on what Debian 12's packages install: apparmor (two enforced
profiles, the parser), kmod (no protocol is disabled), systemd 252 (tmp.mount kept inactive in
/usr/share/systemd), procps (99-protect-links.conf)."""

from __future__ import annotations

from pathlib import Path

import pytest

from garrison.engine import run_audit, select_rules
from garrison.facts.catalog import default_gatherers
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from realworld.debs import extract_packages

pytestmark = pytest.mark.realworld

RULES = [
    "kernel.uncommon-net-protocols-disabled",
    "kernel.apparmor-enabled",
    "kernel.apparmor-profiles-enforced",
    "fs.temp-mount-*",
    "kernel.protected-*",
]


@pytest.fixture(scope="module")
def debian_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = extract_packages(
        ["procps", "systemd", "apparmor", "kmod"], tmp_path_factory.mktemp("host") / "root"
    )
    (root / "etc/fstab").write_text("UUID=0a1b /               ext4    errors=remount-ro 0       1\n")
    return root


def _audit(root: Path) -> dict[str, tuple[str, str]]:
    rules = select_rules(load_rules(), only=RULES)
    result = run_audit(RootDirTarget(str(root)), rules, gatherers=default_gatherers())
    return {f.rule_id: (str(f.status), f.message) for f in result.findings}


def test_shipped_defaults(debian_root: Path) -> None:
    found = _audit(debian_root)
    assert found["kernel.apparmor-profiles-enforced"][0] == "pass", found
    assert "2 profiles loaded at boot" in found["kernel.apparmor-profiles-enforced"][1]
    assert found["kernel.apparmor-enabled"][0] == "unknown"  # offline: the running kernel is not seen
    protocols = found["kernel.uncommon-net-protocols-disabled"]
    assert protocols[0] == "fail" and "/lib/modprobe.d/aliases.conf" in protocols[1]
    for flag in ("nodev", "nosuid", "noexec"):  # /tmp and /var/tmp are part of /
        status, message = found[f"fs.temp-mount-{flag}"]
        assert status == "fail" and "/tmp: at boot" in message and "part of /" in message, message
    assert "/dev/shm" not in found["fs.temp-mount-nosuid"][1]  # systemd mounts it nosuid itself
    assert found["kernel.protected-fifos"][0] == "fail"  # procps ships 1
    assert {found[f"kernel.protected-{k}"][0] for k in ("hardlinks", "symlinks", "regular")} == {"pass"}


def test_debian13_style_tmp_mount_and_hardening(debian_root: Path, tmp_path: Path) -> None:
    """systemd's own tmp.mount enabled (as Debian 13 ships it) and the CIS lines added."""
    unit_dir = debian_root / "lib/systemd/system"
    (unit_dir / "tmp.mount").write_bytes((debian_root / "usr/share/systemd/tmp.mount").read_bytes())
    wants = unit_dir / "local-fs.target.wants/tmp.mount"
    wants.symlink_to("../tmp.mount")
    conf = debian_root / "etc/modprobe.d/cis.conf"
    conf.write_text(
        "".join(f"install {m} /bin/false\nblacklist {m}\n" for m in ("dccp", "sctp", "rds", "tipc"))
    )
    try:
        found = _audit(debian_root)
    finally:
        (unit_dir / "tmp.mount").unlink()
        wants.unlink()
        conf.unlink()
    assert found["kernel.uncommon-net-protocols-disabled"][0] == "pass"
    assert found["fs.temp-mount-nosuid"][1].startswith("/var/tmp:")  # the unit mounts /tmp nosuid
    assert "its tmp.mount unit, /lib/systemd/system/tmp.mount:25" in found["fs.temp-mount-noexec"][1]
    assert (
        found["fs.temp-mount-noexec"][0] == "fail"
        and "/tmp: at boot without noexec" in found["fs.temp-mount-noexec"][1]
    )


@pytest.fixture(scope="module")
def trixie_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    names = ["procps", "systemd", "linux-sysctl-defaults", "kmod", "apparmor", "libpam-modules-bin"]
    root = extract_packages(names, tmp_path_factory.mktemp("trixie") / "root", suite="trixie")
    (root / "etc/fstab").write_text("UUID=0a1b /               ext4    errors=remount-ro 0       1\n")
    return root


def test_debian13_shipped_defaults(trixie_root: Path) -> None:
    """Debian 13: linux-sysctl-defaults ships upstream's 50-default.conf (fs.protected_fifos = 1), systemd
    enables its tmp.mount, AppArmor 4.1 ships ~100 profiles, some in complain mode: only those of installed
    programs count (unix-chkpwd, from libpam-modules-bin)."""
    found = _audit(trixie_root)
    fifos = found["kernel.protected-fifos"]
    assert fifos[0] == "fail" and "/usr/lib/sysctl.d/50-default.conf" in fifos[1]
    noexec = found["fs.temp-mount-noexec"]
    assert "/tmp: at boot without noexec (its tmp.mount unit, /usr/lib/systemd/system/tmp.mount" in noexec[1]
    assert found["fs.temp-mount-nosuid"][1].startswith("/var/tmp:")
    profiles = found["kernel.apparmor-profiles-enforced"]
    assert profiles[0] == "fail" and "unix-chkpwd (/etc/apparmor.d/unix-chkpwd:" in profiles[1], profiles
    assert "Xorg" in profiles[1]  # named as a complain-mode profile of a program not installed
    assert found["kernel.uncommon-net-protocols-disabled"][0] == "fail"
