"""No file under src/ is matched by a common .gitignore template (issue 8): `target/` once was, and a
contributor adopting the usual Python template would have lost `targets/ssh.py` from every commit silently.

Git itself decides (`git check-ignore --no-index`), against tests/data/common-ignore-patterns.txt.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PATTERNS = Path(__file__).resolve().parent / "data" / "common-ignore-patterns.txt"


def _ignored(paths: list[str], scratch: Path) -> list[str]:
    subprocess.run(["git", "init", "-q", str(scratch)], check=True)
    shutil.copy(PATTERNS, scratch / ".gitignore")
    done = subprocess.run(
        ["git", "-C", str(scratch), "check-ignore", "--no-index", "--verbose", "--stdin"],
        input="\n".join(paths) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: nothing matched
    return done.stdout.splitlines()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_no_source_file_is_ignorable(tmp_path: Path) -> None:
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "src").rglob("*") if p.is_file())
    sources = [s for s in sources if "__pycache__" not in s and ".egg-info" not in s]
    assert len(sources) > 100
    assert _ignored(sources, tmp_path / "check") == []


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_check_catches_what_it_should(tmp_path: Path) -> None:
    hits = _ignored(
        ["src/garrison/target/ssh.py", "src/garrison/facts/logs/auth.py", "src/x.spec"], tmp_path / "c"
    )
    assert [line.rsplit("\t", 1)[1] for line in hits] == [
        "src/garrison/target/ssh.py",
        "src/garrison/facts/logs/auth.py",
        "src/x.spec",
    ]
