"""The shipped setuid/setgid table against Debian 12's real packages: `dpkg -c` for modes in the .deb,
the maintainer scripts for modes set by dpkg-statoverride or chmod; and the rule on an unpacked system."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.filesystem.shipped import SHIPPED, ModeSource
from garrison.facts.store import FactStore
from garrison.rules.registry import find_rule
from garrison.targets.rootdir import RootDirTarget
from realworld.debs import extract_packages, package_file

pytestmark = pytest.mark.realworld

#: A sample across the three ways a mode is set (checking every package downloads ~60 MB).
PACKAGES = (
    "passwd",
    "login",
    "mount",
    "util-linux",
    "sudo",
    "openssh-client",
    "libpam-modules-bin",
    "at",
    "cron",
    "dbus",
    "fuse3",
    "polkitd",
    "uidmap",
)


def _contents(package: str) -> dict[str, tuple[int, str]]:
    """path -> (mode bits, owner/group) of the regular files in the package's data, from `dpkg -c`."""
    if shutil.which("dpkg") is None:
        pytest.skip("needs dpkg")
    out = subprocess.run(
        ["dpkg", "-c", str(package_file(package))], capture_output=True, text=True, check=True
    )
    found: dict[str, tuple[int, str]] = {}
    for line in out.stdout.splitlines():
        perms, owner, *_, path = line.split(None, 5)
        if perms[0] != "-":
            continue
        bits = sum(1 << (8 - i) for i, c in enumerate(perms[1:10]) if c not in "-ST")
        bits |= (0o4000 if perms[3] in "sS" else 0) | (0o2000 if perms[6] in "sS" else 0)
        found[path.split(" -> ")[0].removeprefix(".")] = (bits, owner)
    return found


def _scripts(package: str, tmp: Path) -> str:
    subprocess.run(["dpkg", "-e", str(package_file(package)), str(tmp)], check=True)
    return "\n".join(p.read_text(errors="replace") for p in tmp.iterdir() if p.is_file())


@pytest.mark.parametrize("package", PACKAGES)
def test_table_matches_the_package(package: str, tmp_path: Path) -> None:
    contents = _contents(package)
    scripts = _scripts(package, tmp_path)
    for item in (i for i in SHIPPED if i.package == package):
        assert item.path in contents, (item, "not in the package")
        bits, owner = contents[item.path]
        if item.how is ModeSource.DEB:
            assert (bits, owner) == (item.mode, f"{item.owner}/{item.group}"), item
        else:  # the package ships it plain; its postinst gives the bits
            assert not bits & 0o6000, item
            assert f"{item.mode:o}" in scripts, (item, "mode not in the maintainer scripts")
            if item.how is ModeSource.STATOVERRIDE:
                assert "dpkg-statoverride --update --add" in scripts, item


def test_rule_on_unpacked_packages(tmp_path: Path) -> None:
    """Packages unpacked with their modes (dpkg -x keeps setuid bits when run as root) and a dpkg list for
    each: no finding; a setuid copy of a shell is one."""
    if os.geteuid() != 0:
        pytest.skip("dpkg -x keeps setuid bits and owners only as root")
    names = ("passwd", "sudo", "openssh-client")
    root = extract_packages(names, tmp_path / "root")
    info = root / "var/lib/dpkg/info"
    info.mkdir(parents=True)
    for name in names:
        listing = subprocess.run(
            ["dpkg", "-c", str(package_file(name))], capture_output=True, text=True, check=True
        )
        paths = [
            line.split(None, 5)[5].split(" -> ")[0].removeprefix(".") for line in listing.stdout.splitlines()
        ]
        (info / f"{name}.list").write_text("\n".join(p.rstrip("/") or "/." for p in paths) + "\n")
    (root / "etc").mkdir(exist_ok=True)
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/sh\n")
    (root / "etc/group").write_text("root:x:0:\nshadow:x:42:\n")
    item = find_rule("fs.setuid-files-packaged")
    assert item is not None
    clean = evaluate(item, FactStore(RootDirTarget(str(root)), default_gatherers()))
    assert str(clean.status) == "pass", clean.message
    assert "/usr/bin/passwd" in clean.message and "/usr/lib/openssh/ssh-keysign" in clean.message
    (root / "usr/local/bin").mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "usr/bin/sudo", root / "usr/local/bin/sudo-copy")
    (root / "usr/local/bin/sudo-copy").chmod(0o4755)
    dirty = evaluate(item, FactStore(RootDirTarget(str(root)), default_gatherers()))
    assert str(dirty.status) == "fail" and "/usr/local/bin/sudo-copy" in dirty.message
