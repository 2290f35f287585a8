"""A bounded scan of the trees every user or service writes to: /tmp, /var (with /var/tmp), /dev/shm,
/home and /run. It keeps the world-writable directories (sticky or not) and the setuid/setgid files.

Like the system scan (`scan.py`) it does not follow symlinks nor cross into other filesystems, and stops at
`MAX_ENTRIES`. Container stores (/var/lib/docker, ...) are left out: their image layers hold other systems'
/tmp and setuid programs, which the container runtime confines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from garrison.errors import TargetFileError
from garrison.facts.reads import Reads, declares
from garrison.facts.scanning import NO_GAPS, GapRecorder, ScanGaps
from garrison.targets.base import FileKind, FileStat, Target

SHARED_ROOTS: tuple[str, ...] = ("/tmp", "/var", "/dev/shm", "/home", "/run")
PRUNED: tuple[str, ...] = (
    "/var/lib/docker",
    "/var/lib/containers",
    "/var/lib/containerd",
    "/var/lib/lxc",
    "/var/lib/machines",
    "/run/containerd",
    "/run/docker",
)
MAX_DEPTH = 10
MAX_ENTRIES = 100_000
MAX_KEPT = 500
SPECIAL = 0o6000


@dataclass(frozen=True, slots=True)
class SharedTreesFacts:
    """world_writable_dirs: directories with o+w (mode keeps the sticky bit); special: regular files with
    setuid or setgid; roots: the roots that exist; scanned: entries seen; gaps: what was not seen."""

    world_writable_dirs: tuple[FileStat, ...]
    special: tuple[FileStat, ...]
    roots: tuple[str, ...]
    scanned: int
    gaps: ScanGaps = NO_GAPS

    def describe(self) -> str:
        return f"{self.scanned} entries under {', '.join(self.roots) or 'no shared tree'}"


def _entries(target: Target, top: FileStat, gaps: GapRecorder, depth: int) -> Iterator[FileStat]:
    """`top` and what is below it, leaving out the PRUNED subtrees (walked around, not into)."""
    yield top
    inner = [p for p in PRUNED if p.startswith(top.path + "/")]
    if not inner:
        yield from target.walk(top.path, max_depth=depth, on_error=gaps.skip)
        return
    for name in target.list_dir(top.path):
        path = f"{top.path}/{name}"
        if path in PRUNED:
            continue
        st = target.lstat(path)
        if st is None:
            continue
        if st.kind is FileKind.DIR and depth > 0:
            yield from _entries(target, st, gaps, depth - 1)
        else:
            yield st


READS = Reads(trees=tuple((root, MAX_DEPTH + 1) for root in SHARED_ROOTS))


@declares(READS)
def gather_shared_trees(target: Target) -> SharedTreesFacts:
    writable: list[FileStat] = []
    special: list[FileStat] = []
    roots: list[str] = []
    gaps = GapRecorder()
    scanned = 0
    for root in SHARED_ROOTS:
        try:
            top = target.lstat(root)
        except TargetFileError as exc:
            gaps.skip(exc)
            continue
        if top is None or top.kind is not FileKind.DIR:
            continue  # absent, or a symlink (/var/run -> /run): its target is scanned under its own name
        roots.append(root)
        for entry in _entries(target, top, gaps, MAX_DEPTH):
            if scanned >= MAX_ENTRIES:
                gaps.stop(f"the {MAX_ENTRIES}-entry bound")
                break
            scanned += 1
            if entry.kind is FileKind.DIR and entry.world_writable and len(writable) < MAX_KEPT:
                writable.append(entry)
            elif entry.kind is FileKind.FILE and entry.mode & SPECIAL and len(special) < MAX_KEPT:
                special.append(entry)
    return SharedTreesFacts(tuple(writable), tuple(special), tuple(roots), scanned, gaps.freeze())
