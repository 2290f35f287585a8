"""Differential: AppArmor profile headers and modes as Debian 13's apparmor_parser (AppArmor 4.1) reads
them: `apparmor_parser -d -Q` (debug dump, nothing loaded) prints each profile's name and mode. It runs in
the debootstrapped trixie chroot (its glibc), on every profile the trixie apparmor package ships."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from chroots import chroot_run, inside, scratch_dir, trixie_chroot
from garrison.facts.kernelcfg import parse_profile_headers
from garrison.facts.kernelcfg.apparmor import _SKIPPED
from realworld.debs import extract_packages

pytestmark = [pytest.mark.realworld, pytest.mark.slow]
__all__ = ["trixie_chroot"]  # the fixture, used by name

#: A profile in the debug dump: its name, the profile it is local to (<NULL> at top level), its mode.
_DUMP = re.compile(
    r"^Name:\s+(?P<name>\S+)[ \t]*\nLocal To:\s+(?P<parent>\S+)[ \t]*\n(?:.*\n)*?Mode:[ \t]*(?P<mode>\w*)",
    re.MULTILINE,
)


def test_names_and_complain_mode_match_apparmor_parser(trixie_chroot: Path, tmp_path: Path) -> None:
    package = extract_packages(["apparmor"], tmp_path / "apparmor", suite="trixie")
    work = scratch_dir(trixie_chroot)
    shutil.copy(package / "usr/sbin/apparmor_parser", work / "apparmor_parser")
    shutil.copytree(package / "etc/apparmor.d", work / "apparmor.d", symlinks=True)
    base = inside(trixie_chroot, work / "apparmor.d")
    checked = 0
    for path in sorted((work / "apparmor.d").iterdir()):
        if not path.is_file() or _SKIPPED.search(path.name):
            continue
        parser = inside(trixie_chroot, work / "apparmor_parser")
        command = f"{parser} -d -Q --base {base} {inside(trixie_chroot, path)} 2>&1"  # the dump spans both
        done = chroot_run(trixie_chroot, ["/bin/sh", "-c", command])
        assert done.returncode == 0, (path.name, done.stdout[-300:])
        dump = done.stdout
        theirs = {m["name"]: m["mode"] == "complain" for m in _DUMP.finditer(dump) if m["parent"] == "<NULL>"}
        ours = {p.name: p.complain for p in parse_profile_headers(path.read_text(), str(path))[0]}
        assert ours == theirs, path.name
        checked += 1
    assert checked > 50
