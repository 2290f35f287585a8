"""Fetch real Debian packages at test time (`apt-get download` + `dpkg -x`) into a fixture root.

Downloads are cached in tests/.cache/debs (git-ignored) and serialised with a lock so parallel test runs and
other processes using apt do not collide. Tests using this are marked `realworld`.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "debs"
LOCK = Path("/tmp/garrison-apt.lock")


def _download(name: str) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(CACHE.glob(f"{name}_*.deb"))
    if found:
        return found[-1]
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = sorted(CACHE.glob(f"{name}_*.deb"))
        if found:
            return found[-1]
        done = subprocess.run(
            ["apt-get", "download", name], cwd=CACHE, capture_output=True, text=True, timeout=600, check=False
        )
    found = sorted(CACHE.glob(f"{name}_*.deb"))
    if done.returncode != 0 or not found:
        pytest.fail(f"apt-get download {name} failed: {done.stderr.strip()}")
    return found[-1]


def extract_packages(names: Iterable[str], root: Path) -> Path:
    """Unpack the named packages' files into `root` (created) and return it."""
    if shutil.which("dpkg") is None or shutil.which("apt-get") is None:
        pytest.skip("needs apt-get and dpkg")
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        subprocess.run(["dpkg", "-x", str(_download(name)), str(root)], check=True, timeout=300)
    return root
