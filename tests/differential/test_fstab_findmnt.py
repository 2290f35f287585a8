"""Differential: Garrison's fstab parser reads the same entries as libmount (`findmnt --tab-file F -J`)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.filesystem.mounts import parse_fstab

FSTABS = {
    "debian-installer": "# /etc/fstab: static file system information.\n"
    "UUID=0a1b2c3d-0000-4000-8000-000000000001 /               ext4    errors=remount-ro 0       1\n"
    "UUID=0a1b2c3d-0000-4000-8000-000000000002 none            swap    sw              0       0\n"
    "/dev/sr0        /media/cdrom0   udf,iso9660 user,noauto     0       0\n",
    "separate-log": "/dev/vdb1 /var/log ext4 defaults,noexec,nosuid,nodev 0 2\n"
    "/dev/vdb2 /var/log/siprec ext4 defaults,noexec,nosuid 0 2\n",
    "three-fields": "tmpfs /tmp tmpfs\n/dev/vdc1 /srv xfs nosuid\n",
    "escapes": "/srv/my\\040share /mnt/with\\040space none bind 0 0\n",
    "tabs-and-trailing-slash": "/dev/vdd1\t/var/lib/docker/\text4\tdefaults\t0\t2\n",
    "extra-fields": "/dev/vde1 /data ext4 defaults 0 2 surplus\n",
    "comments-and-blank": "\n   # indented comment\n/dev/vdf1 /opt ext4 ro 0 0\n\n",
    "too-short-line-ignored": "/dev/vdg1 /broken\n/dev/vdg2 /fine ext4 defaults 0 0\n",
}


def findmnt_entries(path: Path) -> list[tuple[str, str, str, tuple[str, ...]]]:
    done = subprocess.run(
        ["findmnt", "--tab-file", str(path), "-J", "-o", "SOURCE,TARGET,FSTYPE,OPTIONS"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if not done.stdout.strip():
        return []
    return [
        (
            fs["source"],
            fs["target"],
            fs["fstype"],
            tuple((fs["options"] or "").split(",")) if fs["options"] else (),
        )
        for fs in json.loads(done.stdout)["filesystems"]
    ]


@pytest.mark.parametrize("name", sorted(FSTABS))
def test_same_entries_as_libmount(tmp_path: Path, name: str) -> None:
    if shutil.which("findmnt") is None:
        pytest.skip("needs findmnt (Debian package util-linux)")
    path = tmp_path / "fstab"
    path.write_text(FSTABS[name])
    entries, _ = parse_fstab(FSTABS[name], "/etc/fstab")
    ours = [(e.source, e.mountpoint, e.fstype, e.options) for e in entries]
    theirs = [(s, t.rstrip("/") or "/", f, o) for s, t, f, o in findmnt_entries(path)]
    assert ours == theirs
