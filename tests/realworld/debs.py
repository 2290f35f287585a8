"""Fetch real Debian packages at test time (`apt-get download` + `dpkg -x`) into a fixture root.

Downloads are cached in tests/.cache/debs (git-ignored) and serialised with a lock so parallel test runs and
other processes using apt do not collide. Tests using this are marked `realworld`.

`extract_packages(names, root)` takes the machine's own release (Debian 12); `suite="trixie"` takes another
release's packages through a private apt configuration (its sources.list, lists and cache under
tests/.cache/debs/<suite>/apt, `apt-get update` once): nothing of the machine's apt state changes.
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


MIRROR = "http://deb.debian.org/debian"


def _private_apt(suite: str) -> list[str]:
    """apt-get options for a private configuration that sees only `suite` (updated once, then cached)."""
    base = CACHE / suite / "apt"
    (base / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (base / "cache" / "archives" / "partial").mkdir(parents=True, exist_ok=True)
    (base / "sources.list").write_text(f"deb {MIRROR} {suite} main\n")
    options = [
        "-o", f"Dir::Etc::SourceList={base / 'sources.list'}", "-o", "Dir::Etc::SourceParts=/dev/null",
        "-o", f"Dir::State::Lists={base / 'lists'}", "-o", f"Dir::Cache={base / 'cache'}",
    ]  # fmt: skip
    if not any((base / "lists").glob("*_Packages*")):
        done = subprocess.run(
            ["apt-get", *options, "update"], capture_output=True, text=True, timeout=600, check=False
        )
        if done.returncode != 0:
            pytest.skip(f"apt-get update for {suite} failed: {done.stderr.strip()[-300:]}")
    return options


def package_file(name: str, suite: str | None = None) -> Path:
    """The .deb of package `name` (of `suite`, default the machine's own), downloaded once into the cache."""
    where = CACHE if suite is None else CACHE / suite
    where.mkdir(parents=True, exist_ok=True)
    found = sorted(where.glob(f"{name}_*.deb"))
    if found:
        return found[-1]
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = sorted(where.glob(f"{name}_*.deb"))
        if found:
            return found[-1]
        options = [] if suite is None else _private_apt(suite)
        done = subprocess.run(
            ["apt-get", *options, "download", name],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    found = sorted(where.glob(f"{name}_*.deb"))
    if done.returncode != 0 or not found:
        pytest.fail(f"apt-get download {name} failed: {done.stderr.strip()}")
    return found[-1]


def extract_packages(names: Iterable[str], root: Path, suite: str | None = None) -> Path:
    """Unpack the named packages' files (of `suite`, default the machine's own) into `root` and return it."""
    if shutil.which("dpkg") is None or shutil.which("apt-get") is None:
        pytest.skip("needs apt-get and dpkg")
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        subprocess.run(["dpkg", "-x", str(package_file(name, suite)), str(root)], check=True, timeout=300)
    return root


def record_installed(names: Iterable[str], root: Path, suite: str | None = None) -> Path:
    """Write `root`/var/lib/dpkg/status with the named packages as installed (their control fields, as dpkg
    records them), so the audit reads their versions as on a host where they are installed."""
    stanzas = []
    for name in names:
        control = subprocess.run(
            ["dpkg-deb", "-f", str(package_file(name, suite))], capture_output=True, text=True, check=True
        ).stdout.strip()
        head, _, rest = control.partition("\n")
        stanzas.append(f"{head}\nStatus: install ok installed\n{rest}\n")
    status = root / "var/lib/dpkg/status"
    status.parent.mkdir(parents=True, exist_ok=True)
    status.write_text("\n".join(stanzas))
    return status
