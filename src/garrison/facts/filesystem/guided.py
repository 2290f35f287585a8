"""Modes and owners the guides prescribe for named service directories, as data, and their state on the host.

Sources: guide 001 (SIPREC: `chmod 700 /etc/siprec`, `chmod 600 /etc/siprec/*.key`, `chmod 644
/etc/siprec/*.crt`, `chown -R siprec:siprec /etc/siprec /var/log/siprec /var/lib/siprec`) and guide 003
(XDR agent: `chmod 600 /opt/proxdefend/config/*`, `chmod 700 /opt/proxdefend/bin/*`,
`chown -R root:root /opt/proxdefend`). A prescription applies only where its directory exists.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from garrison.facts.reads import Reads, declares
from garrison.targets.base import FileKind, FileStat, Target


@dataclass(frozen=True, slots=True)
class ModeRule:
    """`pattern` is a path glob; `max_mode` the loosest allowed mode (no bit beyond it may be set)."""

    pattern: str
    max_mode: int
    owner: str | None  # account name that must own it, None = any
    source: str


GUIDED_DIRECTORIES: tuple[tuple[str, tuple[ModeRule, ...]], ...] = (
    (
        "/etc/siprec",
        (
            ModeRule("/etc/siprec", 0o700, "siprec", "guide:001 chmod 700 /etc/siprec"),
            ModeRule("/etc/siprec/*.key", 0o600, "siprec", "guide:001 chmod 600 /etc/siprec/*.key"),
            ModeRule("/etc/siprec/*.crt", 0o644, "siprec", "guide:001 chmod 644 /etc/siprec/*.crt"),
        ),
    ),
    (
        "/opt/proxdefend",
        (
            ModeRule(
                "/opt/proxdefend/config/*", 0o600, "root", "guide:003 chmod 600 /opt/proxdefend/config/*"
            ),
            ModeRule("/opt/proxdefend/bin/*", 0o700, "root", "guide:003 chmod 700 /opt/proxdefend/bin/*"),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class GuidedEntry:
    stat: FileStat
    rule: ModeRule


@dataclass(frozen=True, slots=True)
class GuidedPathsFacts:
    """Every existing path a guide prescribes a mode for, with the prescription."""

    directories: tuple[str, ...]  # the guided directories present on the host
    entries: tuple[GuidedEntry, ...]


READS = Reads(trees=tuple((directory, 4) for directory, _ in GUIDED_DIRECTORIES))


@declares(READS)
def gather_guided_paths(target: Target) -> GuidedPathsFacts:
    present: list[str] = []
    entries: list[GuidedEntry] = []
    for directory, rules in GUIDED_DIRECTORIES:
        top = target.stat(directory)
        if top is None or top.kind is not FileKind.DIR:
            continue
        present.append(directory)
        paths = [top, *(s for s in target.walk(directory, max_depth=3) if s.kind is not FileKind.SYMLINK)]
        for st in paths:
            rule = next((r for r in rules if fnmatch.fnmatchcase(st.path, r.pattern)), None)
            if rule is not None:
                entries.append(GuidedEntry(st, rule))
    return GuidedPathsFacts(tuple(present), tuple(entries))
