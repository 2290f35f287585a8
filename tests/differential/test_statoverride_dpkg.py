"""Differential: the statoverride reading agrees with `dpkg-statoverride --admindir D --list` (dpkg 1.21):
the same entries and modes for files dpkg accepts; a file dpkg refuses as a whole gives us an issue."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.filesystem.setuid import parse_statoverride

VALID = {
    "debian-services": "root crontab 2755 /usr/bin/crontab\nroot messagebus 4754 "
    "/usr/lib/dbus-1.0/dbus-daemon-launch-helper\nroot postdrop 02555 /usr/sbin/postdrop\n",
    "numeric-owner-and-space": "#0 #0 0755 /usr/local/bin/my tool\nroot root 755 /bin/ping\n",
}
INVALID = {
    "short-line": "root crontab 2755 /usr/bin/crontab\nbroken\n",
    "bad-mode": "root root 9755 /usr/bin/x\n",
}


def _dpkg(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("dpkg-statoverride") is None:
        pytest.skip("needs dpkg-statoverride")
    (tmp_path / "statoverride").write_text(text)
    return subprocess.run(
        ["dpkg-statoverride", "--admindir", str(tmp_path), "--list"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(VALID))
def test_entries_match_dpkg(name: str, tmp_path: Path) -> None:
    done = _dpkg(tmp_path, VALID[name])
    assert done.returncode == 0, done.stderr
    found, issues = parse_statoverride(VALID[name])
    assert not issues
    theirs = {line.split(" ", 3)[3]: int(line.split()[2], 8) for line in done.stdout.splitlines()}
    assert {o.path: o.mode for o in found.values()} == theirs


@pytest.mark.parametrize("name", sorted(INVALID))
def test_a_file_dpkg_refuses_is_an_issue(name: str, tmp_path: Path) -> None:
    assert _dpkg(tmp_path, INVALID[name]).returncode != 0
    assert parse_statoverride(INVALID[name])[1]
