"""Differential: Garrison's apt.conf reader accepts exactly what `apt-config -c FILE dump` accepts.

apt refuses the whole configuration on a syntax error (`E: Syntax error ...`, and so does every apt command,
unattended-upgrades included), so a file apt refuses must give Garrison an issue; a file apt reads must not.
Needs apt-config (Debian package apt).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.packages.aptconf import parse_apt_conf

ACCEPTED = [
    'APT::Periodic::Unattended-Upgrade "1";\n',
    'APT::Periodic { Update-Package-Lists "1"; Unattended-Upgrade "1"; };\n',
    '// it"s a comment\nAPT::X "1";\n',
    '# it"s a comment\nAPT::X "1";\n',
    '/* it"s\n a comment */\nAPT::X "1";\n',
    'APT::X "1"; // trailing "\n',
    'APT::X "1"\n;\n',
    'Unattended-Upgrade::Origins-Pattern { "origin=Debian,codename=${distro_codename}"; };\n',
]
REFUSED = [
    'APT::Periodic::Unattended-Upgrade "1;\n',
    'APT::Periodic::Unattended-Upgrade "1\n";\n',
    'APT::X "a\\"b";\n',
    'APT::X "1";\nAPT::Periodic::Unattended-Upgrade "0\n',
]


def apt_accepts(tmp_path: Path, text: str) -> bool:
    path = tmp_path / "apt.conf"
    path.write_text(text)
    done = subprocess.run(
        ["apt-config", "-c", str(path), "dump"], capture_output=True, text=True, timeout=30, check=False
    )
    return done.returncode == 0


@pytest.mark.parametrize("text", ACCEPTED + REFUSED)
def test_same_verdict_as_apt_config(tmp_path: Path, text: str) -> None:
    if shutil.which("apt-config") is None:
        pytest.skip("needs apt-config (Debian package apt)")
    accepted = apt_accepts(tmp_path, text)
    assert accepted == (text in ACCEPTED), "the case list is out of step with apt-config"
    _, issues = parse_apt_conf(text, "/etc/apt/apt.conf.d/50x")
    assert (not issues) == accepted, issues
    assert all(i.location.line for i in issues)
