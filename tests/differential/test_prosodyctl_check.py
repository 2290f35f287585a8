"""Differential: Garrison's Prosody config loader against `prosodyctl --config FILE check config`.

Every Prosody fixture config Garrison loads must be loadable by Prosody itself, and every config Garrison
rejects (Lua syntax error, include loop, missing include) must be rejected by Prosody too; for syntax errors
both must blame the same line. Needs the Debian package `prosody` (marker needs_prosody).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
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
    """Whether Garrison finds nothing Prosody refuses (prosody.config-loads passes), and the first refusal's
    line."""
    try:
        facts = gather_prosody(RootDirTarget(str(root)))
    except FactError as exc:
        return False, None if exc.location is None else exc.location.line
    if facts.refusals:
        return False, facts.refusals[0].location.line
    return True, None


def _recorded_series(root: Path) -> str | None:
    """The Prosody series a fixture records in its dpkg status (`0.11`, `13.0`), None when it records none."""
    status = root / "var/lib/dpkg/status"
    if not status.is_file():
        return None
    found = re.search(r"^Package: prosody\n(?:.+\n)*?Version: (\d+\.\d+)", status.read_text(), re.MULTILINE)
    return found.group(1) if found else None


@functools.cache
def _installed_series() -> str | None:
    done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "prosody"], capture_output=True, text=True)
    found = re.match(r"(\d+\.\d+)", done.stdout)
    return found.group(1) if done.returncode == 0 and found else None


@pytest.mark.parametrize("root", FIXTURES, ids=[f"{p.parent.parent.name}/{p.parent.name}" for p in FIXTURES])
def test_fixture_verdicts_agree(root: Path, tmp_path: Path) -> None:
    recorded = _recorded_series(root)
    if recorded is not None and recorded != _installed_series():
        pytest.skip(f"the fixture is a Prosody {recorded} host; the installed prosodyctl is another release")
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


_MISPLACED = "in the global section of the config file"
_OBSOLETE = "obsolete options you can remove"


def _verdict(root: Path, rule_id: str) -> str:
    from garrison.engine import evaluate
    from garrison.facts.catalog import default_gatherers
    from garrison.facts.store import FactStore
    from garrison.rules.registry import load_rules

    found = next(r for r in load_rules() if r.id == rule_id)
    return str(evaluate(found, FactStore(RootDirTarget(str(root)), default_gatherers())).status)


@pytest.mark.parametrize("root", FIXTURES, ids=[f"{p.parent.parent.name}/{p.parent.name}" for p in FIXTURES])
def test_misplaced_and_obsolete_options_agree(root: Path) -> None:
    """prosodyctl check config's "options set under a host that should be in the global section" and
    "obsolete options" against prosody.global-options-in-host and the obsolete part of
    prosody.unknown-options (both judged as the installed release)."""
    if _recorded_series(root) not in (None, _installed_series()) or not _garrison_accepts(root)[0]:
        pytest.skip("another release's fixture, or a config Garrison rejects")
    with tempfile.TemporaryDirectory(prefix="garrison-prosodyctl-") as scratch:  # readable by 'prosody'
        os.chmod(scratch, 0o755)
        copy = Path(scratch) / "prosody"
        shutil.copytree(root / "etc/prosody", copy, symlinks=True)
        for path in (copy, *copy.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        output = _prosodyctl(copy)
    misplaced = _verdict(root, "prosody.global-options-in-host") == "fail"
    assert misplaced == (_MISPLACED in output), output[-2000:]
    unknown = _verdict(root, "prosody.unknown-options")
    if _OBSOLETE in output:
        assert unknown == "fail", output[-2000:]
