"""Debootstrapped Debian chroots for differential tests against another release's real programs.

A test that needs, say, Debian 13's `sshd -T` or `nginx -T` asks for a chroot with the packages in it and runs
the program inside it:

    from chroots import TRIXIE, chroot_run, trixie_chroot    # trixie_chroot: a session-scoped fixture

    def test_something(trixie_chroot: Path) -> None:
        done = chroot_run(trixie_chroot, ["/usr/sbin/sshd", "-T", "-f", "/tmp/x/sshd_config"])

- `build_chroot(spec)` builds the tree once with `debootstrap --variant=minbase --include=<packages>` and
  caches it outside the repository, in `$GARRISON_CHROOT_CACHE` (default /var/cache/garrison-tests), in a
  directory named after the suite (`/var/cache/garrison-tests/trixie`). A stamp file in it records the
  spec (suite, packages, mirror, `STAMP_VERSION`); a tree whose stamp differs is rebuilt. Builds are
  serialised with a lock file, so parallel test runs share one tree. Package maintainer scripts do not start
  services (debootstrap installs a policy-rc.d for its run).
- The fixture skips (with the reason) when not root, when debootstrap or chroot is missing, or when
  debootstrap fails (no network, mirror down); the log's tail is in the skip reason.
- `scratch_dir(root)` is a fresh directory inside the chroot for a test's config files: write them there
  and pass their path *inside* the chroot (`inside(root, path)`) to the program.
- Nothing of the host changes: the tree lives under the cache directory only; `chroot_run` mounts nothing
  (sshd -T and nginx -T need no /proc or /dev beyond what debootstrap creates).

To add a release or packages, add a `ChrootSpec` and a fixture like `trixie_chroot`; bump `STAMP_VERSION`
when a change must rebuild existing trees.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

STAMP_VERSION = "1"
CACHE = Path(os.environ.get("GARRISON_CHROOT_CACHE", "/var/cache/garrison-tests"))
MIRROR = "http://deb.debian.org/debian"
STAMP = ".garrison-chroot-stamp"


@dataclass(frozen=True, slots=True)
class ChrootSpec:
    """A chroot to build: the Debian suite and the packages debootstrap installs besides minbase."""

    suite: str
    packages: tuple[str, ...]
    mirror: str = MIRROR
    #: Commands run in the chroot after debootstrap, as a first boot would (e.g. creating a database cluster).
    after: tuple[tuple[str, ...], ...] = ()

    @property
    def stamp(self) -> str:
        steps = ";".join(" ".join(argv) for argv in self.after)
        return f"{STAMP_VERSION} {self.suite} {','.join(self.packages)} {self.mirror} {steps}\n"

    @property
    def path(self) -> Path:
        return CACHE / self.suite


#: Debian 13 with OpenSSH 10.0 and nginx 1.26 (the sshd and nginx differential tests).
TRIXIE = ChrootSpec("trixie", ("openssh-server", "nginx-light"))
#: Debian 12 with the servers most hosts run (the real-world audit of a whole tree and its benchmark): no
#: firewall package. debootstrap resolves no virtual packages, so prosody's Lua libraries are named.
BOOKWORM = ChrootSpec(
    "bookworm",
    ("openssh-server", "nginx-light", "prosody", "lua-bitop", "lua-sec", "lua-socket", "postgresql"),
    after=(("sh", "-c", "test -d /etc/postgresql/15/main || pg_createcluster 15 main"),),
)


def _stamped(spec: ChrootSpec) -> bool:
    stamp = spec.path / STAMP
    return stamp.is_file() and stamp.read_text() == spec.stamp


def _why_not(spec: ChrootSpec) -> str | None:
    if os.geteuid() != 0:
        return "building and entering a debootstrapped chroot needs root"
    if shutil.which("chroot") is None:
        return "needs chroot (coreutils)"
    if not _stamped(spec) and shutil.which("debootstrap") is None:
        return "needs debootstrap (apt-get install debootstrap)"
    return None


def _debootstrap(spec: ChrootSpec) -> str | None:
    """Build the tree beside its final place and move it there; the error text, or None."""
    CACHE.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{spec.suite}-", dir=CACHE))
    building.chmod(0o755)  # the tree's `/`: mkdtemp's 0700 would lock every non-root user out of it
    argv = ["debootstrap", "--variant=minbase", f"--include={','.join(spec.packages)}", spec.suite]
    try:
        done = subprocess.run(
            [*argv, str(building), spec.mirror], capture_output=True, text=True, timeout=1800, check=False
        )
    except subprocess.TimeoutExpired:
        shutil.rmtree(building, ignore_errors=True)
        return "debootstrap took longer than 30 minutes"
    if done.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        return f"debootstrap {spec.suite} failed: {(done.stderr or done.stdout).strip()[-400:]}"
    for step in spec.after:
        done = chroot_run(building, step, timeout=300)
        if done.returncode != 0:
            shutil.rmtree(building, ignore_errors=True)
            return f"{' '.join(step)} failed in the new chroot: {(done.stderr or done.stdout).strip()[-400:]}"
    (building / STAMP).write_text(spec.stamp)
    if spec.path.exists():
        shutil.rmtree(spec.path)
    building.rename(spec.path)
    return None


@functools.cache
def build_chroot(spec: ChrootSpec) -> tuple[Path | None, str | None]:
    """(the chroot's root, None) or (None, why there is none). Built once, then reused from the cache."""
    reason = _why_not(spec)
    if reason is not None:
        return None, reason
    if _stamped(spec):
        return spec.path, None
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / f".{spec.suite}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _stamped(spec):
            problem = _debootstrap(spec)
            if problem is not None:
                return None, problem
    return spec.path, None


def chroot_or_skip(spec: ChrootSpec) -> Path:
    root, reason = build_chroot(spec)
    if root is None:
        pytest.skip(reason or "no chroot")
    return root


@pytest.fixture(scope="session")
def trixie_chroot() -> Path:
    """The Debian 13 chroot (openssh-server, nginx-light), built once and cached; skips when unavailable."""
    return chroot_or_skip(TRIXIE)


@pytest.fixture(scope="session")
def bookworm_chroot() -> Path:
    """The Debian 12 chroot (OpenSSH, nginx, Prosody, PostgreSQL), built once and cached; skips when
    unavailable."""
    return chroot_or_skip(BOOKWORM)


def scratch_dir(root: Path) -> Path:
    """A fresh, empty directory inside the chroot (under its /tmp), as seen from the host."""
    tmp = root / "tmp"
    tmp.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="garrison-", dir=tmp))


def inside(root: Path, path: Path) -> str:
    """`path` (a host path under the chroot) as the chrooted program sees it."""
    return "/" + str(path.relative_to(root))


def chroot_run(root: Path, argv: Sequence[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `argv` (paths as seen inside the chroot) in the chroot; output captured as text, never raises on a
    non-zero exit."""
    return subprocess.run(
        ["chroot", str(root), *argv], capture_output=True, text=True, timeout=timeout, check=False
    )
