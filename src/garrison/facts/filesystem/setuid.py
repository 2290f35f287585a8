"""The setuid and setgid files found by the system and shared-tree scans, with what dpkg knows of them:
the installed packages whose file lists (/var/lib/dpkg/info/<package>.list) name the path, and a
`dpkg-statoverride` entry (/var/lib/dpkg/statoverride: `owner group mode path`, dpkg-statoverride(1)).

Lists are read only as far as needed: the packages the shipped-files table names for a path first; every
list only when a file is not settled that way. Paths are compared in their merged-/usr form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from garrison.errors import TargetFileError
from garrison.facts.filesystem.scan import FileScanFacts
from garrison.facts.filesystem.shared import SharedTreesFacts
from garrison.facts.filesystem.shipped import BY_PATH, canonical
from garrison.facts.reads import Reads, declares
from garrison.facts.scanning import ScanGaps
from garrison.facts.store import FactStore
from garrison.model import Location, ParseIssue
from garrison.targets.base import FileStat, Target

DPKG_INFO = "/var/lib/dpkg/info"
STATOVERRIDE = "/var/lib/dpkg/statoverride"


@dataclass(frozen=True, slots=True)
class StatOverride:
    """One dpkg-statoverride entry: owner and group as written (a name or `#uid`), the mode, its line."""

    path: str
    owner: str
    group: str
    mode: int
    location: Location


@dataclass(frozen=True, slots=True)
class SpecialFile:
    """A setuid/setgid file: its metadata, the packages listing it, its statoverride entry."""

    stat: FileStat
    packages: tuple[str, ...]
    override: StatOverride | None

    @property
    def path(self) -> str:
        return self.stat.path

    @property
    def canonical(self) -> str:
        return canonical(self.stat.path)


@dataclass(frozen=True, slots=True)
class SetuidFacts:
    """files: every setuid/setgid file the scans found; dpkg: the dpkg database exists (package lists can
    be trusted to say "no package"); roots: what was scanned; gaps: what the scans could not see."""

    files: tuple[SpecialFile, ...]
    dpkg: bool
    roots: tuple[str, ...]
    gaps: tuple[ScanGaps, ...]
    issues: tuple[ParseIssue, ...] = ()

    @property
    def complete(self) -> bool:
        return all(g.complete for g in self.gaps)

    def describe_gaps(self) -> str:
        return "; ".join(g.describe() for g in self.gaps if not g.complete)


def parse_statoverride(
    text: str, path: str = STATOVERRIDE
) -> tuple[dict[str, StatOverride], list[ParseIssue]]:
    """Entries by merged-/usr path. Pure, never raises; a line dpkg would refuse is an issue."""
    found: dict[str, StatOverride] = {}
    issues: list[ParseIssue] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        fields = raw.split(None, 3)
        if not fields:
            continue
        where = Location(path, number)
        try:
            owner, group, mode, name = fields
            found[canonical(name.strip())] = StatOverride(name.strip(), owner, group, int(mode, 8), where)
        except ValueError:
            issues.append(ParseIssue(where, "not an `owner group mode path` statoverride line, ignored"))
    return found, issues


def _list_names(target: Target) -> dict[str, str]:
    """Package name (without `:arch`) -> its .list file."""
    return {
        name[: -len(".list")].split(":")[0]: f"{DPKG_INFO}/{name}"
        for name in target.list_dir(DPKG_INFO)
        if name.endswith(".list")
    }


def _listed(target: Target, path: str, wanted: set[str]) -> set[str]:
    """Which of `wanted` (merged-/usr paths) the list file at `path` names."""
    try:
        text = target.read_text(path, limit=64 * 1024 * 1024)
    except TargetFileError:
        return set()
    return {p for line in text.splitlines() if (p := canonical(line.strip())) in wanted}


def _owners(target: Target, paths: set[str]) -> dict[str, list[str]]:
    lists = _list_names(target)
    owners: dict[str, list[str]] = {p: [] for p in paths}
    for path in paths:  # the table's packages first: on a clean system no other list is read
        for item in BY_PATH.get(path, ()):
            if item.package in lists and path in _listed(target, lists[item.package], {path}):
                owners[path].append(item.package)
    rest = {p for p, found in owners.items() if not found}
    if rest:
        for package, list_file in lists.items():
            for path in _listed(target, list_file, rest):
                owners[path].append(package)
    return owners


READS = Reads(files=(STATOVERRIDE,), trees=((DPKG_INFO, 1),), needs=(FileScanFacts, SharedTreesFacts))


@declares(READS)
def gather_setuid_files(target: Target, store: FactStore) -> SetuidFacts:
    scan, shared = store.get(FileScanFacts), store.get(SharedTreesFacts)
    stats: Mapping[str, FileStat] = {st.path: st for st in (*scan.special, *shared.special)}
    try:
        overrides, issues = parse_statoverride(target.read_text(STATOVERRIDE), STATOVERRIDE)
    except TargetFileError:
        overrides, issues = {}, []
    dpkg = target.stat(DPKG_INFO) is not None
    owners = _owners(target, {canonical(p) for p in stats}) if dpkg and stats else {}
    files = tuple(
        SpecialFile(st, tuple(owners.get(canonical(st.path), ())), overrides.get(canonical(st.path)))
        for st in stats.values()
    )
    roots = (*scan.bound.roots, *shared.roots)
    return SetuidFacts(files, dpkg, roots, (scan.gaps, shared.gaps), tuple(issues))
