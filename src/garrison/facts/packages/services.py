"""systemd unit enablement (systemctl(1), systemd.unit(5) of systemd 252, Debian 12).

Offline, from the unit search path (`SYSTEM_UNIT_PATHS`): a unit is *masked* when its highest-precedence
entry is a symlink resolving to /dev/null (inside the target) or an
empty file; *enabled* when a `*.wants/` or `*.requires/` directory of a unit path holds a link of its name
(what `systemctl enable` and deb-systemd-helper create from [Install]); *disabled* when its unit file exists
but nothing pulls it in. Live, `systemctl list-unit-files` is asked first and the files fill the gaps.
`parse_list_unit_files` is pure and never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from garrison.errors import SymlinkProblem
from garrison.facts.reads import Reads, declares
from garrison.facts.store import SubjectAbsent
from garrison.facts.unitpaths import SYSTEM_UNIT_PATHS
from garrison.model import Dialect, Location, ParseIssue, SettingRef
from garrison.targets.base import FileKind, Target

LIST_UNIT_FILES = ("systemctl", "list-unit-files", "--no-legend", "--no-pager")
_UNIT_SUFFIXES = (".service", ".socket", ".timer", ".path", ".target", ".mount")
_ENABLED_STATES = frozenset({"enabled", "enabled-runtime", "alias", "indirect", "linked", "linked-runtime"})


class UnitState(StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"
    MASKED = "masked"
    STATIC = "static"
    ABSENT = "absent"


@dataclass(frozen=True, slots=True)
class UnitStatus:
    name: str
    state: UnitState
    location: Location | None  # the link that enables or masks it, or its unit file
    source: str = "files"  # "files" | "systemctl"

    @property
    def where(self) -> Location:
        """The link or unit file that decides the state, else `systemctl` (live state no file shows)."""
        return self.location if self.location is not None else Location("systemctl")

    @property
    def setting(self) -> SettingRef:
        """The unit's enablement: its .wants/.requires link, mask or unit file; live state as Dialect.LIVE."""
        if self.location is None:
            return SettingRef(Dialect.LIVE, "systemctl", self.name)
        return SettingRef(Dialect.SYSTEMD_ENABLEMENT, self.location.path, self.name)


@dataclass(frozen=True, slots=True)
class SystemdUnitsFacts:
    unit_files: Mapping[str, str]  # name -> the unit file that wins (highest precedence path)
    masks: Mapping[str, str]  # name -> the masking entry
    wanted_by: Mapping[str, tuple[str, ...]]  # name -> the .wants/.requires links that enable it
    live: Mapping[str, str] | None = None  # name -> state from `systemctl list-unit-files`

    def status(self, name: str) -> UnitStatus:
        if self.live is not None and name in self.live:
            state = self.live[name]
            where = Location(self.unit_files[name]) if name in self.unit_files else None
            if state.startswith("masked"):
                return UnitStatus(name, UnitState.MASKED, where, "systemctl")
            if state in _ENABLED_STATES:
                links = self.wanted_by.get(name)
                where = Location(links[0]) if links else where
                return UnitStatus(name, UnitState.ENABLED, where, "systemctl")
            if state in ("static", "generated", "transient"):
                return UnitStatus(name, UnitState.STATIC, where, "systemctl")
            return UnitStatus(name, UnitState.DISABLED, where, "systemctl")
        if name in self.masks:
            return UnitStatus(name, UnitState.MASKED, Location(self.masks[name]))
        if name not in self.unit_files:
            return UnitStatus(name, UnitState.ABSENT, None)
        if self.wanted_by.get(name):
            return UnitStatus(name, UnitState.ENABLED, Location(self.wanted_by[name][0]))
        return UnitStatus(name, UnitState.DISABLED, Location(self.unit_files[name]))


def parse_list_unit_files(
    text: str, path: str = "systemctl"
) -> tuple[dict[str, str], tuple[ParseIssue, ...]]:
    """Pure, never raises. `UNIT FILE  STATE  PRESET` rows (no legend) -> name -> state."""
    states: dict[str, str] = {}
    issues: list[ParseIssue] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) < 2 or "." not in parts[0]:
            issues.append(ParseIssue(Location(path, number), "not a `unit state [preset]` row"))
            continue
        states[parts[0]] = parts[1]
    return states, tuple(issues)


def _is_mask(target: Target, path: str) -> bool:
    link = target.lstat(path)
    if link is None:
        return False
    if link.kind is FileKind.FILE:
        return link.size == 0
    if link.kind is not FileKind.SYMLINK:
        return False
    try:
        return target.resolve(path) == "/dev/null"
    except SymlinkProblem:
        return False


READS = Reads(trees=tuple((d, 2) for d in SYSTEM_UNIT_PATHS), commands=(LIST_UNIT_FILES,))


@declares(READS)
def gather_systemd_units(target: Target) -> SystemdUnitsFacts:
    unit_files: dict[str, str] = {}
    masks: dict[str, str] = {}
    wanted: dict[str, list[str]] = {}
    found_dir = False
    for directory in SYSTEM_UNIT_PATHS:
        entries = target.list_dir(directory)
        found_dir = found_dir or bool(entries) or target.stat(directory) is not None
        for name in entries:
            path = f"{directory}/{name}"
            if name.endswith((".wants", ".requires")):
                for link in target.list_dir(path):
                    wanted.setdefault(link, []).append(f"{path}/{link}")
                continue
            if not name.endswith(_UNIT_SUFFIXES) or name in unit_files or name in masks:
                continue
            if _is_mask(target, path):
                masks[name] = path
            elif target.stat(path) is not None:
                unit_files[name] = path
    live = None
    if target.live:
        result = target.run(LIST_UNIT_FILES)
        if result.ok:
            live, _ = parse_list_unit_files(result.stdout)
    if not found_dir and live is None:
        raise SubjectAbsent("no systemd unit directories on this target")
    return SystemdUnitsFacts(
        MappingProxyType(unit_files),
        MappingProxyType(masks),
        MappingProxyType({k: tuple(v) for k, v in wanted.items()}),
        None if live is None else MappingProxyType(live),
    )
