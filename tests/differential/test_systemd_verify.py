"""Garrison's reading of unit assignments against `systemd-analyze verify` (systemd 252, Debian 12): the same
directives are unknown ("Unknown key ... ignoring"), the same commands refused, the same placeholder values
ignored. Needs systemd-analyze; the units only name executables that exist (/bin/true), so verify has
nothing else to say.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.systemd.directives import REFERENCE
from garrison.facts.systemd.gather import load_unit
from garrison.facts.systemd.validity import ignored_assignments
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.needs_systemd_analyze

HEAD = "[Unit]\nDescription=t\n[Service]\nExecStart=/bin/true\n"
#: What verify prints for an assignment it does not apply (systemd 252's wording).
IGNORED = re.compile(
    r"^(?P<path>/\S+):(?P<line>\d+): (?:Unknown key|Neither a valid executable name|Failed to parse"
    r"|Invalid|.* out of range|Missing '=')",
    re.MULTILINE,
)

UNITS: dict[str, str] = {
    "valid": HEAD + "User=nobody\nNoNewPrivileges=yes\nLimitNOFILE=4096\nX-Mine=1\nExecStartPre=true\n"
    "[Install]\nWantedBy=multi-user.target\n[X-Tool]\nAnything=1\n",
    "misspelt": HEAD + "NoNewPrivilege=yes\nProtectSytem=strict\n[Unit]\nWant=network.target\n",
    "newer-than-252": HEAD + "PrivatePIDs=yes\nMemoryKSM=yes\nOpenFile=/etc/hostname\n",
    "placeholders": HEAD + "LimitNOFILE={{ nofile }}\nTimeoutStartSec={{ timeout }}\nRestartSec=${DELAY}\n",
    "install-typo": HEAD + "[Install]\nWantedBY=multi-user.target\n",
    "relative-exec": "[Service]\nExecStart=bin/app --serve\n",
    "relative-pre": HEAD + "ExecStartPre=./prepare\n",
    "garbage-line": HEAD + "this is not an assignment\nUser=nobody\n",
}


@pytest.fixture(scope="module")
def analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found is None:
        pytest.skip("needs systemd-analyze (Debian package systemd)")
    return found


def _verify(analyze: str, path: Path) -> set[int]:
    done = subprocess.run(
        [analyze, "verify", "--man=no", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    text = done.stdout + done.stderr
    return {int(m.group("line")) for m in IGNORED.finditer(text) if m.group("path") == str(path)}


@pytest.mark.parametrize("name", sorted(UNITS))
def test_ignored_assignments_match_verify(name: str, analyze: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.service"
    path.write_text(UNITS[name])
    unit = load_unit(RootDirTarget("/"), path.name, str(path))
    mine = {found.assignment.location.line for found in ignored_assignments(unit, 252)}
    mine |= {issue.location.line for issue in unit.issues if issue.location.line}
    assert mine == _verify(analyze, path)


def test_every_reference_directive_is_known_to_systemd(analyze: str, tmp_path: Path) -> None:
    lines = ["[Unit]"] + [f"{key}=" for key in sorted(REFERENCE["Unit"])]
    lines += ["[Service]", "ExecStart=/bin/true"] + [
        f"{k}=" for k in sorted(REFERENCE["Service"] - {"ExecStart"})
    ]
    lines += ["[Install]"] + [f"{key}=" for key in sorted(REFERENCE["Install"])]
    path = tmp_path / "every.service"
    path.write_text("\n".join(lines) + "\n")
    done = subprocess.run(
        [analyze, "verify", "--man=no", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert "Unknown key" not in done.stdout + done.stderr
