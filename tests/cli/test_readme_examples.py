"""The README's examples are what Garrison prints: every `$ garrison ...` line between the examples markers
is run (against a copy of the fixture host, named as the README names it) and its output compared, and the
JSON finding shown is the one the JSON report holds."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

from casekit import prepare_target

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
SHOWN_ROOT = "/srv/images/web01"  # where the README says the image is mounted


def _block() -> str:
    text = README.read_text()
    return text[text.index("<!-- examples:start -->") : text.index("<!-- examples:end -->")]


def _fences(block: str) -> list[tuple[str, str]]:
    """The fenced blocks as (info string, body)."""
    fences: list[tuple[str, str]] = []
    info: str | None = None
    body: list[str] = []
    for line in block.splitlines():
        if line.startswith("```") and info is None:
            info, body = line[3:], []
        elif line == "```" and info is not None:
            fences.append((info, "".join(body)))
            info = None
        elif info is not None:
            body.append(line + "\n")
    return fences


def _sessions(block: str) -> list[list[tuple[str, str]]]:
    """Each plain fenced block as (command, expected output) pairs."""
    sessions = []
    for info, body in _fences(block):
        if info:
            continue
        pairs: list[tuple[str, str]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                pairs.append((line[2:], ""))
            elif pairs:
                command, output = pairs[-1]
                pairs[-1] = (command, output + line + "\n")
        sessions.append(pairs)
    return sessions


def _run(command: str, root: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command.split("|")[0])
    assert words[0] == "garrison", command
    argv = [sys.executable, "-m", "garrison", *(str(root) if w == SHOWN_ROOT else w for w in words[1:])]
    env = {**os.environ, "COLUMNS": "110", "NO_COLOR": "1"}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    output = done.stdout.replace(str(root), SHOWN_ROOT)
    if "| tail -" in command:
        count = int(command.rsplit("-", 1)[1])
        output = "".join(output.splitlines(keepends=True)[-count:])
    return subprocess.CompletedProcess(argv, done.returncode, output, done.stderr)


def test_readme_sessions_print_what_garrison_prints(tmp_path: Path) -> None:
    root = prepare_target(REPO / "tests" / "reports" / "fullroot", tmp_path).root
    sessions = _sessions(_block())
    assert sessions, "no examples found between the README's markers"
    checked = 0
    for pairs in sessions:
        last: subprocess.CompletedProcess[str] | None = None
        for command, expected in pairs:
            if command == "echo $?":
                assert last is not None
                assert expected.strip() == str(last.returncode), f"exit status of {last.args}"
                continue
            last = _run(command, root)
            assert last.stdout == expected, f"README example `{command}` is out of date"
            checked += 1
    assert checked >= 3


def test_readme_json_finding_is_the_reports(tmp_path: Path) -> None:
    root = prepare_target(REPO / "tests" / "reports" / "fullroot", tmp_path).root
    shown = json.loads(next(body for info, body in _fences(_block()) if info == "json"))
    report = _run(f"garrison audit --root {SHOWN_ROOT} --only {shown['rule_id']} --format json", root)
    findings = {f["rule_id"]: f for f in json.loads(report.stdout)["findings"]}
    assert findings[shown["rule_id"]] == shown
