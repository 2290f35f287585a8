"""Debian 12's real account, sudo, PAM and unattended-upgrades defaults, assembled as the postinsts do.

Unpacked: base-passwd, login, passwd, sudo, unattended-upgrades and libpam-runtime. Then, as on a fresh
install: base-passwd's postinst copies passwd.master/group.master to /etc; passwd's `shadowconfig on` (pwconv)
moves the password field to /etc/shadow; pam-auth-update writes common-password from the `unix` profile
(the only module: its Password-Initial line, `success=end` counted to jump over pam_deny);
unattended-upgrades' postinst copies 20auto-upgrades (debconf default "true") and 50unattended-upgrades;
dpkg records every package in /var/lib/dpkg/status.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.facts.catalog import default_gatherers
from garrison.model import Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from realworld.debs import CACHE, extract_packages

pytestmark = pytest.mark.realworld

PACKAGES = ["base-passwd", "login", "passwd", "sudo", "unattended-upgrades", "libpam-runtime"]


def _postinst(root: Path) -> None:
    etc = root / "etc"
    master = root / "usr/share/base-passwd"
    shutil.copy(master / "group.master", etc / "group")
    users = (master / "passwd.master").read_text().splitlines()
    (etc / "passwd").write_text("".join(re.sub(r"^([^:]*):\*:", r"\1:x:", u) + "\n" for u in users))
    (etc / "shadow").write_text("".join(f"{u.split(':')[0]}:*:19700:0:99999:7:::\n" for u in users))
    profile = (root / "usr/share/pam-configs/unix").read_text()
    initial = re.search(r"^Password-Initial:\n\t(.+)$", profile, re.M)
    assert initial is not None
    first = initial.group(1).replace("success=end", "success=1")
    (etc / "pam.d/common-password").write_text(
        '# here are the per-package modules (the "Primary" block)\n'
        f"password\t{first}\n"
        "password\trequisite\t\t\tpam_deny.so\n"
        "password\trequired\t\t\tpam_permit.so\n"
    )
    share = root / "usr/share/unattended-upgrades"
    (etc / "apt/apt.conf.d").mkdir(parents=True, exist_ok=True)
    shutil.copy(share / "20auto-upgrades", etc / "apt/apt.conf.d/20auto-upgrades")
    shutil.copy(share / "50unattended-upgrades", etc / "apt/apt.conf.d/50unattended-upgrades")
    stanzas = []
    for name in PACKAGES:
        deb = sorted(CACHE.glob(f"{name}_*.deb"))[-1]
        control = subprocess.run(
            ["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True
        ).stdout
        stanzas.append(control.replace("\n", "\nStatus: install ok installed\n", 1).rstrip("\n"))
    (root / "var/lib/dpkg").mkdir(parents=True, exist_ok=True)
    (root / "var/lib/dpkg/status").write_text("\n\n".join(stanzas) + "\n")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Status, str]]:
    root = extract_packages(PACKAGES, tmp_path_factory.mktemp("debian") / "root")
    _postinst(root)
    rules = [r for r in load_rules() if r.domain in ("accounts", "packages", "services")]
    result = run_audit(RootDirTarget(str(root)), rules, gatherers=default_gatherers())
    return {f.rule_id: (f.status, f.message) for f in result.findings}


@pytest.mark.parametrize(
    ("rule_id", "status"),
    [
        ("accounts.uid0-only-root", Status.PASS),
        ("accounts.system-account-shells", Status.PASS),  # sync's /bin/sync is Debian's one exception
        ("accounts.duplicate-uids", Status.PASS),
        ("accounts.duplicate-group-names", Status.PASS),
        ("accounts.shadowed-passwords", Status.PASS),
        ("accounts.empty-password", Status.PASS),
        ("accounts.weak-password-hash", Status.PASS),
        ("accounts.sudo-nopasswd", Status.PASS),  # %sudo ALL=(ALL:ALL) ALL asks for a password
        ("accounts.sudo-no-authenticate", Status.PASS),
        ("accounts.sudo-group-members", Status.PASS),  # the sudo group is empty on a fresh system
        ("accounts.password-min-length", Status.FAIL),  # pam_unix alone: 6 characters
        ("accounts.password-hashing-method", Status.PASS),  # yescrypt in PAM, SHA512 in login.defs
        ("packages.unattended-upgrades-installed", Status.PASS),
        ("packages.unattended-upgrades-enabled", Status.PASS),
        ("packages.held-packages", Status.PASS),
        ("packages.auditd-installed", Status.FAIL),
        ("packages.intrusion-prevention", Status.FAIL),
        ("packages.legacy-network-services", Status.PASS),
        ("services.rpcbind-disabled", Status.PASS),
        ("services.auditd-enabled", Status.NOT_APPLICABLE),
    ],
)
def test_debian_defaults(outcomes: dict[str, tuple[Status, str]], rule_id: str, status: Status) -> None:
    got, message = outcomes[rule_id]
    assert got == status, message


def test_messages_name_the_debian_sources(outcomes: dict[str, tuple[Status, str]]) -> None:
    assert (
        "6 characters (pam_unix default minlen, /etc/pam.d/common-password)"
        in outcomes["accounts.password-min-length"][1]
    )
    assert "/etc/login.defs" in outcomes["accounts.password-hashing-method"][1]
    assert "20auto-upgrades" in outcomes["packages.unattended-upgrades-enabled"][1]
