"""Fixture roots for rule cases: `tests/cases/<rule-id>/<status>-<label>/` holds `root/` and `expected.toml`.

The folder prefix is the expected status (`pass-`, `fail-`, `error-`, `na-`, `unknown-`). `expected.toml` may
hold:
    evidence = ["/etc/ssh/sshd_config:12", "/etc/sysctl.conf"]   # locations the outcome must cite
    message = "substring of the outcome message"
    live = true                    # audit as a live host: /proc comes from root/, commands from [commands]
    [modes]   "etc/ssh/ssh_host_ed25519_key" = "0644"            # applied to a temporary copy of root/
    [owners]  "etc/shadow" = "0:42"                               # uid:gid, applied likewise
    [commands] "iptables-save" = "iptables-save.txt"             # argv joined by spaces -> file in the case
Git keeps neither modes nor owners, hence the tables.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from garrison.targets.base import Capability, CommandResult, CommandStatus, not_run
from garrison.targets.rootdir import RootDirTarget

CASES_DIR = Path(__file__).parent / "cases"
STATUS_PREFIXES = {
    "pass": "pass",
    "fail": "fail",
    "error": "error",
    "na": "not_applicable",
    "unknown": "unknown",
}


class FixtureTarget(RootDirTarget):
    """An offline root that can play a live host: canned command output from the case folder."""

    def __init__(self, root: str, commands: dict[str, str], case_dir: Path, live: bool) -> None:
        super().__init__(root, name="fixture")
        self._commands = commands
        self._case_dir = case_dir
        self._live = live

    @property
    def capabilities(self) -> frozenset[Capability]:
        live = {Capability.RUNNING_SYSTEM, Capability.COMMANDS} if self._live else set()
        return frozenset({Capability.PRIVILEGED, *live})

    def run(self, argv: Sequence[str], *, timeout: float = 10.0) -> CommandResult:
        if not self._live:
            return not_run(argv, CommandStatus.UNSUPPORTED, "an offline root runs no commands")
        key = " ".join(argv)
        name = self._commands.get(key)
        if name is None:
            return not_run(argv, CommandStatus.NOT_FOUND, f"no canned output for {key}")
        text = (self._case_dir / name).read_text()
        code = 0
        if text.startswith("#exit "):
            first, _, text = text.partition("\n")
            code = int(first.split()[1])
        return CommandResult(tuple(argv), code, text if code == 0 else "", text if code else "")


def load_expected(case_dir: Path) -> dict[str, Any]:
    spec_file = case_dir / "expected.toml"
    return tomllib.loads(spec_file.read_text()) if spec_file.exists() else {}


def expected_status(case_dir: Path) -> str:
    prefix = case_dir.name.split("-", 1)[0]
    return STATUS_PREFIXES[prefix]


def prepare_target(case_dir: Path, scratch: Path) -> FixtureTarget:
    spec = load_expected(case_dir)
    root = case_dir / "root"
    if spec.get("modes") or spec.get("owners") or not root.exists():
        copy = scratch / "root"
        if root.exists():
            shutil.copytree(root, copy, symlinks=True)
        else:
            copy.mkdir()
        for rel, owner in spec.get("owners", {}).items():  # before the modes: chown clears setuid/setgid
            uid, gid = (int(x) for x in owner.split(":"))
            os.chown(copy / rel, uid, gid, follow_symlinks=False)
        for rel, mode in spec.get("modes", {}).items():
            os.chmod(copy / rel, int(mode, 8), follow_symlinks=False)
        root = copy
    return FixtureTarget(str(root), spec.get("commands", {}), case_dir, bool(spec.get("live", False)))


def all_cases() -> list[tuple[str, Path]]:
    if not CASES_DIR.exists():
        return []
    return [
        (rule_dir.name, case)
        for rule_dir in sorted(CASES_DIR.iterdir())
        if rule_dir.is_dir()
        for case in sorted(rule_dir.iterdir())
        if case.is_dir()
    ]
