"""LocalTarget: the live machine, with only allow-listed read-only programs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from garrison.targets.base import Capability, CommandStatus
from garrison.targets.local import READ_ONLY_PROGRAMS, LocalTarget, find_program


def test_only_read_only_programs_may_run() -> None:
    target = LocalTarget()
    assert target.live and target.name == "local"
    assert Capability.COMMANDS in target.capabilities and Capability.RUNNING_SYSTEM in target.capabilities
    for program in ("rm", "sh", "iptables", "systemctl-but-not", "sysctl"):
        result = target.run([program, "--help"])
        assert result.status is CommandStatus.NOT_ALLOWED and not result.ran
        assert "not an allowed read-only program" in result.describe()
    assert "iptables-save" in READ_ONLY_PROGRAMS and "iptables" not in READ_ONLY_PROGRAMS


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="needs dpkg-query")
def test_runs_an_allowed_program_and_captures_output() -> None:
    result = LocalTarget().run(["dpkg-query", "-W", "-f", "${Package}\\n", "dpkg"])
    assert result.ok
    assert result.stdout.strip() == "dpkg"


def test_reads_live_proc() -> None:
    target = LocalTarget()
    assert target.read_text("/proc/sys/kernel/ostype").strip() == "Linux"


def _plant(directory: Path, program: str, marker: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    fake = directory / program
    fake.write_text(f"#!/bin/sh\ntouch {marker}\necho planted\n")
    fake.chmod(0o755)


@pytest.mark.skipif(shutil.which("dpkg-query", path="/usr/bin") is None, reason="needs dpkg-query")
def test_caller_path_cannot_swap_an_allowed_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`PATH=/tmp/evil:$PATH garrison audit` must not run /tmp/evil/dpkg-query (or sshd) as root."""
    marker = tmp_path / "ran"
    _plant(tmp_path / "evil", "dpkg-query", marker)
    monkeypatch.setenv("PATH", f"{tmp_path / 'evil'}:{os.environ.get('PATH', '')}")
    result = LocalTarget().run(["dpkg-query", "-W", "-f", "${Package}\\n", "dpkg"])
    assert not marker.exists()
    assert result.ok and result.stdout.strip() == "dpkg"


def test_whole_audit_ignores_caller_path(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for program in READ_ONLY_PROGRAMS:
        _plant(tmp_path / "evil", program, marker)
    env = {**os.environ, "PATH": f"{tmp_path / 'evil'}:{os.environ.get('PATH', '')}"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "garrison",
            "audit",
            "--only",
            "ssh.*,firewall.*,packages.*",
            "--format",
            "json",
        ],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert not marker.exists()


def test_a_program_others_can_replace_is_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    loose = tmp_path / "loose"
    _plant(loose, "sshd", marker)
    loose.chmod(0o777)
    assert find_program("sshd", [str(loose)]) is None
    (loose / "sshd").chmod(0o777)
    loose.chmod(0o755)
    assert find_program("sshd", [str(loose)]) is None
    (loose / "sshd").chmod(0o755)
    assert find_program("sshd", [str(loose)]) == str(loose / "sshd")


@pytest.mark.skipif(find_program("iptables-save") is None, reason="needs iptables")
def test_a_multi_call_program_keeps_its_name() -> None:
    """Debian's iptables-save is a link to xtables-nft-multi, which dispatches on argv[0]: run by its
    resolved path alone it prints "No valid subcommand" and exits 1, and the live firewall is never read."""
    result = LocalTarget().run(["iptables-save", "--version"])
    assert result.ok, result
    assert result.stdout.startswith("iptables-save v")


def test_run_says_why_a_command_did_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not installed, timed out and could not start are told apart (they used to collapse into None)."""
    import garrison.targets.local as local

    monkeypatch.setattr(local, "SYSTEM_PATH", ("/nonexistent-bin",))
    missing = LocalTarget().run(["sshd", "-T"])
    assert missing.status is CommandStatus.NOT_FOUND and "not installed" in missing.reason


def test_run_times_out_as_a_status(monkeypatch: pytest.MonkeyPatch) -> None:
    import garrison.targets.local as local

    monkeypatch.setattr(local, "READ_ONLY_PROGRAMS", frozenset({"sleep"}))  # a real program that waits
    slow = LocalTarget().run(["sleep", "5"], timeout=0.2)
    assert slow.status is CommandStatus.TIMED_OUT and slow.reason == "timed out after 0.2 s"
    assert not slow.ok and slow.describe() == "sleep 5: timed out after 0.2 s"


def test_identity_of_this_machine() -> None:
    identity = LocalTarget().identity()
    assert identity.kind.value == "local" and identity.name == "local"
    assert identity.hostname
    assert identity.os_id  # /etc/os-release on every supported host
