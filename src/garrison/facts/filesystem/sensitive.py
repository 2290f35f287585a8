"""Ownership and modes of security-sensitive files, and the private keys stored on the host.

Sensitive files: the account databases (shadow(5), Debian 12 base-passwd/shadow: passwd and group 0644
root:root, shadow and gshadow 0640 root:shadow), sudo's files (sudoers(5): 0440 root:root), cron's files
(crontab(5), Debian cron 3.0pl1: /etc/crontab 0644, /etc/cron.* 0755 root:root).

Private keys are found by content, never by name alone: a PEM `-----BEGIN ... PRIVATE KEY-----` header in
the first 64 KiB. Only the kind of key is kept, never a byte of it. /etc/ssh is left to the SSH rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from garrison.errors import TargetFileError
from garrison.facts.reads import Reads, declares
from garrison.facts.scanning import NO_GAPS, GapRecorder, ScanGaps
from garrison.targets.base import FileKind, FileStat, Target

ACCOUNT_FILES = (
    "/etc/passwd",
    "/etc/passwd-",
    "/etc/group",
    "/etc/group-",
    "/etc/shadow",
    "/etc/shadow-",
    "/etc/gshadow",
    "/etc/gshadow-",
)
SUDOERS = "/etc/sudoers"
SUDOERS_D = "/etc/sudoers.d"
CRONTAB = "/etc/crontab"
CRON_DIRS = ("/etc/cron.d", "/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly")
KEY_ROOTS: tuple[tuple[str, int], ...] = (("/etc", 5), ("/opt", 4), ("/srv", 4))
KEY_SKIP = ("/etc/ssh",)
KEY_SUFFIXES = (".key", ".pem", ".p8", ".pk8", ".priv")
KEY_DIR_NAMES = frozenset({"private", "keys", "ssl", "tls", "certs", "live", "archive"})
MAX_KEY_SCAN_ENTRIES = 50_000
MAX_KEY_FILES = 500
KEY_READ_LIMIT = 64 * 1024
#: cron and run-parts only read names made of letters, digits, `_` and `-` (a `.dpkg-old` file is ignored).
_RUN_PARTS_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_PEM_PRIVATE = re.compile(rb"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----")


def private_key_kind(data: bytes) -> str | None:
    """The kind of PEM private key in `data` ("RSA", "EC", "OPENSSH", "ENCRYPTED", "PKCS#8"), else None."""
    match = _PEM_PRIVATE.search(data)
    if match is None:
        return None
    return match.group(1).decode("ascii").strip() or "PKCS#8"


@dataclass(frozen=True, slots=True)
class PrivateKeyFile:
    """A file holding a PEM private key: its metadata, the key kind, and the directories above it (nearest
    first, up to but not including the scanned root such as /etc)."""

    stat: FileStat
    kind: str
    directories: tuple[FileStat, ...]

    @property
    def path(self) -> str:
        return self.stat.path


@dataclass(frozen=True, slots=True)
class SensitiveFilesFacts:
    """stats: path -> metadata for the sensitive paths that exist; private_keys: keys found by content."""

    stats: Mapping[str, FileStat]
    private_keys: tuple[PrivateKeyFile, ...]
    sudoers_d: tuple[str, ...] = ()
    cron_entries: tuple[str, ...] = ()
    #: What the key scan could not see: directories it could not list, candidate files it could not read,
    #: its bounds. Key rules that found nothing wrong say `unknown` when this is not complete.
    key_scan_gaps: ScanGaps = NO_GAPS

    def get(self, path: str) -> FileStat | None:
        return self.stats.get(path)


def _sudo_reads(name: str) -> bool:
    """sudo's @includedir skips names that end in `~` or contain a `.`."""
    return not name.endswith("~") and "." not in name


def _key_candidate(entry: FileStat) -> bool:
    if entry.kind != FileKind.FILE or not 0 < entry.size <= KEY_READ_LIMIT:
        return False
    parts = entry.path.split("/")
    return (
        entry.path.endswith(KEY_SUFFIXES)
        or not KEY_DIR_NAMES.isdisjoint(parts[:-1])
        or (len(parts) > 2 and parts[2] == "letsencrypt")
    )


def _directories(target: Target, path: str, root: str) -> tuple[FileStat, ...]:
    chain: list[FileStat] = []
    parent = path.rsplit("/", 1)[0]
    while parent.startswith(root + "/"):
        st = target.stat(parent)
        if st is not None:
            chain.append(st)
        parent = parent.rsplit("/", 1)[0]
    return tuple(chain)


def find_private_keys(target: Target) -> tuple[tuple[PrivateKeyFile, ...], ScanGaps]:
    """The private keys under KEY_ROOTS, and what the scan could not see (unlistable directories, candidate
    files it could not read, its entry and file bounds)."""
    found: list[PrivateKeyFile] = []
    gaps = GapRecorder()
    seen = 0
    for root, depth in KEY_ROOTS:
        for entry in target.walk(root, max_depth=depth, on_error=gaps.skip):
            seen += 1
            if seen > MAX_KEY_SCAN_ENTRIES:
                gaps.stop(f"the {MAX_KEY_SCAN_ENTRIES}-entry bound")
                return tuple(found), gaps.freeze()
            if len(found) >= MAX_KEY_FILES:
                gaps.stop(f"the {MAX_KEY_FILES}-key bound")
                return tuple(found), gaps.freeze()
            if entry.path.startswith(tuple(p + "/" for p in KEY_SKIP)) or not _key_candidate(entry):
                continue
            try:
                kind = private_key_kind(target.read_bytes(entry.path, limit=KEY_READ_LIMIT))
                directories = _directories(target, entry.path, root) if kind is not None else ()
            except TargetFileError as exc:
                gaps.skip(exc)
                continue
            if kind is not None:
                found.append(PrivateKeyFile(entry, kind, directories))
    return tuple(found), gaps.freeze()


READS = Reads(
    files=(*ACCOUNT_FILES, SUDOERS, CRONTAB),
    trees=((SUDOERS_D, 1), *((d, 1) for d in CRON_DIRS), *((root, depth + 1) for root, depth in KEY_ROOTS)),
)


@declares(READS)
def gather_sensitive_files(target: Target) -> SensitiveFilesFacts:
    sudoers_d = tuple(f"{SUDOERS_D}/{n}" for n in target.list_dir(SUDOERS_D) if _sudo_reads(n))
    cron_entries = tuple(
        f"{d}/{n}" for d in CRON_DIRS for n in target.list_dir(d) if _RUN_PARTS_NAME.match(n)
    )
    paths = (*ACCOUNT_FILES, SUDOERS, SUDOERS_D, *sudoers_d, CRONTAB, *CRON_DIRS, *cron_entries)
    stats = {p: st for p in paths if (st := target.stat(p)) is not None}
    keys, key_gaps = find_private_keys(target)
    return SensitiveFilesFacts(
        stats=stats,
        private_keys=keys,
        sudoers_d=sudoers_d,
        cron_entries=cron_entries,
        key_scan_gaps=key_gaps,
    )
