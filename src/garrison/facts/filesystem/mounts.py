"""Mount facts: /etc/fstab (fstab(5), util-linux 2.38 on Debian 12) and, on a live host, /proc/self/mounts.

Both use the same six whitespace-separated fields; spaces inside a field are written as octal escapes
(`\\040`). Options are judged the way mount(8) applies them: left to right, the last of a pair wins,
`defaults` means `rw,suid,dev,exec,auto,nouser,async`, and `user`/`users` imply `noexec,nosuid,nodev`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.errors import FileMissing
from garrison.facts.reads import Reads, declares
from garrison.model import Location, ParseIssue
from garrison.targets.base import Target

FSTAB = "/etc/fstab"
PROC_MOUNTS = "/proc/self/mounts"
_OCTAL = re.compile(r"\\([0-7]{3})")


def _unescape(field: str) -> str:
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)


@dataclass(frozen=True, slots=True)
class MountEntry:
    """One line of fstab or /proc/self/mounts."""

    source: str
    mountpoint: str
    fstype: str
    options: tuple[str, ...]
    location: Location

    def allows(self, flag: str) -> bool:
        """Whether `exec`, `suid` or `dev` is in force after the options are applied in order."""
        state = True
        for option in self.options:
            if option in (flag, "defaults"):
                state = True
            elif option in (f"no{flag}", "user", "users"):
                state = False
        return state


@dataclass(frozen=True, slots=True)
class MountFacts:
    """fstab entries, and the live mount table (None when the target is not live)."""

    fstab: tuple[MountEntry, ...]
    live: tuple[MountEntry, ...] | None
    issues: tuple[ParseIssue, ...] = ()


def parse_fstab(text: str, path: str = FSTAB) -> tuple[tuple[MountEntry, ...], tuple[ParseIssue, ...]]:
    """Entries of an fstab-format text (fstab or /proc/self/mounts). Pure, never raises.

    Shape: `(MountEntry(source="UUID=...", mountpoint="/var/log", fstype="ext4",
    options=("defaults", "noexec"), location=Location(path, 7)), ...)`. As libmount (util-linux 2.38) reads
    it: a line with fewer than three fields is a ParseIssue and ignored, options default to none, and
    fields after the sixth are ignored (checked against `findmnt --tab-file`).
    """
    entries: list[MountEntry] = []
    issues: list[ParseIssue] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        where = Location(path, number)
        if len(fields) < 3:  # libmount: "parse error ... ignored"
            issues.append(ParseIssue(where, f"fstab line has {len(fields)} field(s), at least 3 are needed"))
            continue
        mountpoint = _unescape(fields[1])
        if mountpoint != "/":
            mountpoint = mountpoint.rstrip("/")
        options = tuple(o for o in _unescape(fields[3]).split(",") if o) if len(fields) > 3 else ()
        entries.append(MountEntry(_unescape(fields[0]), mountpoint, fields[2], options, where))
    return tuple(entries), tuple(issues)


READS = Reads(files=(FSTAB, PROC_MOUNTS))


@declares(READS)
def gather_mounts(target: Target) -> MountFacts:
    try:
        fstab_text = target.read_text(FSTAB)
    except FileMissing:
        fstab_text = ""
    fstab, issues = parse_fstab(fstab_text, FSTAB)
    live: tuple[MountEntry, ...] | None = None
    if target.live:
        try:
            live, _ = parse_fstab(target.read_text(PROC_MOUNTS), PROC_MOUNTS)
        except FileMissing:
            live = None
    return MountFacts(fstab=fstab, live=live, issues=issues)
