"""Case fixtures whose content depends on the current time are (re)written before the case runner runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _time_relative_tls_cases() -> None:
    """tls.certificate-expiring-* cases need certificates that expire N days from now (git-ignored)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "facts" / "tls"))
    from make_cases import write_dynamic_cases

    write_dynamic_cases()
