"""Numbers longer than Python converts (4,300 digits) are sshd's out-of-range errors, never a traceback."""

from __future__ import annotations

import pytest

from garrison.facts.sshd.parse import parse_sshd_config

HUGE = "9" * 5000


@pytest.mark.parametrize("line", [f"Port {HUGE}", f"MaxAuthTries {HUGE}", f"LoginGraceTime {HUGE}s"])
def test_huge_numbers_are_refused_values(line: str) -> None:
    _, issues = parse_sshd_config(line + "\n", "/etc/ssh/sshd_config")
    assert issues and issues[0].location.line == 1
