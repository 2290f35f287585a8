"""A bounded scan of the system directories: world-writable entries and the owners found.

The scan walks each root without following symlinks and without crossing into other filesystems (like
`find -xdev`), down to `MAX_DEPTH` levels and at most `MAX_ENTRIES` entries in all. The bound is part of
the facts so rules can report it. A root that is a symlink (merged /usr: /bin -> usr/bin) is skipped, its
content is scanned under its real path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain

from garrison.errors import TargetFileError
from garrison.facts.reads import Reads, declares
from garrison.facts.scanning import NO_GAPS, GapRecorder, ScanGaps
from garrison.targets.base import FileKind, FileStat, Target

SCAN_ROOTS: tuple[str, ...] = ("/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/boot", "/opt", "/srv")
MAX_DEPTH = 12
MAX_ENTRIES = 200_000
SAMPLES_PER_OWNER = 5
MAX_WORLD_WRITABLE = 500
MAX_SPECIAL = 500


@dataclass(frozen=True, slots=True)
class ScanBound:
    roots: tuple[str, ...]
    max_depth: int
    max_entries: int
    scanned: int
    truncated: bool

    def describe(self) -> str:
        limit = f"; stopped at the {self.max_entries}-entry bound" if self.truncated else ""
        return f"{self.scanned} entries under {', '.join(self.roots)} (depth <= {self.max_depth}{limit})"


@dataclass(frozen=True, slots=True)
class FileScanFacts:
    """world_writable: files and directories with the o+w bit (symlinks never count; sticky bit kept in mode).
    uid_samples / gid_samples: each owner id seen -> up to five paths owning it."""

    world_writable: tuple[FileStat, ...]
    uid_samples: Mapping[int, tuple[str, ...]]
    gid_samples: Mapping[int, tuple[str, ...]]
    uid_counts: Mapping[int, int]
    gid_counts: Mapping[int, int]
    bound: ScanBound
    #: What the scan could not see (unlistable directories, the entry bound): rules that found nothing
    #: report `unknown` rather than `pass` when the scan is incomplete.
    gaps: ScanGaps = NO_GAPS
    #: Regular files with the setuid or setgid bit (at most MAX_SPECIAL).
    special: tuple[FileStat, ...] = ()


READS = Reads(trees=tuple((root, MAX_DEPTH + 1) for root in SCAN_ROOTS))


@declares(READS)
def gather_file_scan(target: Target) -> FileScanFacts:
    writable: list[FileStat] = []
    special: list[FileStat] = []
    uids: dict[int, list[str]] = {}
    gids: dict[int, list[str]] = {}
    uid_counts: dict[int, int] = {}
    gid_counts: dict[int, int] = {}
    scanned = 0
    truncated = False
    roots: list[str] = []
    gaps = GapRecorder()
    for root in SCAN_ROOTS:
        try:
            top = target.lstat(root)
        except TargetFileError as exc:
            gaps.skip(exc)
            continue
        if top is None or top.kind != FileKind.DIR:
            continue
        roots.append(root)
        for entry in chain((top,), target.walk(root, max_depth=MAX_DEPTH, on_error=gaps.skip)):
            if scanned >= MAX_ENTRIES:
                truncated = True
                gaps.stop(f"the {MAX_ENTRIES}-entry bound")
                break
            scanned += 1
            uid, gid = entry.uid, entry.gid
            uid_counts[uid] = seen = uid_counts.get(uid, 0) + 1
            if seen <= SAMPLES_PER_OWNER:  # inline, not a call: this runs for every entry of the scan
                uids.setdefault(uid, []).append(entry.path)
            gid_counts[gid] = seen = gid_counts.get(gid, 0) + 1
            if seen <= SAMPLES_PER_OWNER:
                gids.setdefault(gid, []).append(entry.path)
            wanted = entry.kind in (FileKind.FILE, FileKind.DIR) and entry.world_writable
            if wanted and len(writable) < MAX_WORLD_WRITABLE:
                writable.append(entry)
            if entry.mode & 0o6000 and entry.kind is FileKind.FILE and len(special) < MAX_SPECIAL:
                special.append(entry)
        if truncated:
            break
    return FileScanFacts(
        world_writable=tuple(writable),
        uid_samples={k: tuple(v) for k, v in uids.items()},
        gid_samples={k: tuple(v) for k, v in gids.items()},
        uid_counts=uid_counts,
        gid_counts=gid_counts,
        bound=ScanBound(tuple(roots), MAX_DEPTH, MAX_ENTRIES, scanned, truncated),
        gaps=gaps.freeze(),
        special=tuple(special),
    )
