"""The code stays typed (mypy strict on src/garrison) and lint-clean (ruff), as CI checks on every run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)


def test_mypy_strict_passes() -> None:
    pytest.importorskip("mypy")
    done = run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout[-4000:]


def test_ruff_is_clean() -> None:
    beside = Path(sys.executable).with_name("ruff")  # the venv's ruff, also when the venv is not activated
    ruff = str(beside) if beside.exists() else shutil.which("ruff")
    if ruff is None:
        pytest.skip("needs ruff (pip install -e '.[test]')")
    done = run(ruff, "check", "src", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout[-4000:]
    formatted = run(ruff, "format", "--check", "src", "tests", "benchmarks")
    assert formatted.returncode == 0, formatted.stdout[-4000:]
