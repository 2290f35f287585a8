"""Differential: Garrison's Prosody config loader against `prosodyctl --config FILE check config`.

Every Prosody fixture config Garrison loads must be loadable by Prosody itself, and every config Garrison
rejects (Lua syntax error, include loop, missing include) must be rejected by Prosody too; for syntax errors
both must blame the same line. Needs the Debian package `prosody` (marker needs_prosody).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.prosody import gather_prosody
from garrison.facts.store import FactError
from garrison.targets.rootdir import RootDirTarget

CASES = Path(__file__).resolve().parent.parent / "cases"
FIXTURES = sorted(p for p in CASES.glob("prosody.*/*/root") if (p / "etc/prosody/prosody.cfg.lua").is_file())
REJECTED = "A problem occurred while reading the config file"
_ERROR_LINE = re.compile(r"prosody\.cfg\.lua:(\d+):")

BROKEN = {
    "unclosed-table": 'admins = { "a@example.org"\nVirtualHost "example.org"\n',
    "double-equals": 'modules_enabled = { "tls" }\nallow_registration = = true\n',
    "unterminated-string": 'admins = { }\nlog = "/var/log/prosody/prosody.log\nVirtualHost "x.org"\n',
    "stray-brace": 'limits = {\n  c2s = { rate = "10kb/s" } }\n}\n',
    "keyword-as-name": "end = true\n",
    "newline-in-string": 'admins = { }\npidfile = "/run/prosody/\nprosody.pid"\n',
}

pytestmark = pytest.mark.needs_prosody


def _prosodyctl(config_dir: Path) -> str:
    if shutil.which("prosodyctl") is None:
        pytest.skip("prosodyctl is not installed (Debian package prosody)")
    done = subprocess.run(
        ["prosodyctl", "--config", str(config_dir / "prosody.cfg.lua"), "check", "config"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout + done.stderr


def _garrison_accepts(root: Path) -> tuple[bool, int | None]:
    try:
        gather_prosody(RootDirTarget(str(root)))
    except FactError as exc:
        return False, None if exc.location is None else exc.location.line
    return True, None


@pytest.mark.parametrize("root", FIXTURES, ids=[f"{p.parent.parent.name}/{p.parent.name}" for p in FIXTURES])
def test_fixture_verdicts_agree(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "prosody"
    shutil.copytree(root / "etc/prosody", copy, symlinks=True)
    accepted, _ = _garrison_accepts(root)
    output = _prosodyctl(copy)
    assert accepted == (REJECTED not in output), output[-2000:]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_syntax_errors_rejected_by_both_at_the_same_line(name: str, tmp_path: Path) -> None:
    config = tmp_path / "etc/prosody/prosody.cfg.lua"
    config.parent.mkdir(parents=True)
    config.write_text(BROKEN[name])
    accepted, line = _garrison_accepts(tmp_path)
    output = _prosodyctl(config.parent)
    assert not accepted and REJECTED in output, output[-2000:]
    match = _ERROR_LINE.search(output)
    assert match is not None, output[-2000:]
    assert line == int(match.group(1)), output[-2000:]
