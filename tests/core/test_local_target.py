"""LocalTarget: the live machine, with only allow-listed read-only programs."""

from __future__ import annotations

import shutil

import pytest

from garrison.target.local import READ_ONLY_PROGRAMS, LocalTarget


def test_only_read_only_programs_may_run() -> None:
    target = LocalTarget()
    assert target.live and target.name == "local"
    for program in ("rm", "sh", "iptables", "systemctl-but-not", "sysctl"):
        with pytest.raises(ValueError, match="not an allowed read-only program"):
            target.run([program, "--help"])
    assert "iptables-save" in READ_ONLY_PROGRAMS and "iptables" not in READ_ONLY_PROGRAMS


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="needs dpkg-query")
def test_runs_an_allowed_program_and_captures_output() -> None:
    result = LocalTarget().run(["dpkg-query", "-W", "-f", "${Package}\\n", "dpkg"])
    assert result is not None and result.returncode == 0
    assert result.stdout.strip() == "dpkg"


def test_reads_live_proc() -> None:
    target = LocalTarget()
    assert target.read_text("/proc/sys/kernel/ostype").strip() == "Linux"
