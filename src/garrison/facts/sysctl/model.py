"""The sysctl model: assignments from sysctl.d(5) files and the effective table systemd-sysctl builds.

Source of truth: systemd 252 `src/sysctl/sysctl.c` (Debian 12). Keys are kept in the normalised form
systemd uses, slash-separated as under /proc/sys (`net/ipv4/conf/all/rp_filter`); `dotted()` gives the
familiar spelling back. Explicit keys always beat glob patterns, whatever the file order; among globs the
one written last wins; a `-key` line without `=` excludes that key from every glob.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from garrison.effective import Effective
from garrison.model import Dialect, Location, ParseIssue, SettingRef

if TYPE_CHECKING:
    from garrison.facts.sysctl.effective import BootValue

GLOB_CHARS = frozenset("*?[")


class Origin(StrEnum):
    """Where a parameter's value at boot comes from."""

    SET = "set"  # a `key = value` line
    GLOB = "glob"  # a glob pattern's line (`net.ipv4.conf.*.rp_filter = 1`)
    DEFAULT = "default"  # no line: the kernel's built-in value
    RUNTIME = "runtime"  # no line and no known built-in value: the running kernel's (live only)
    UNKNOWN = "unknown"  # no line, and the built-in value depends on the machine

    @property
    def written(self) -> bool:
        """Set by a line of a sysctl file (explicitly or by a glob), not left to the kernel."""
        return self in (Origin.SET, Origin.GLOB)


def normalize_key(key: str) -> str:
    """systemd's `sysctl_normalize`: if the first separator is a dot, dots and slashes swap; then simplify."""
    key = key.strip()
    first = next((c for c in key if c in "./"), None)
    if first == ".":
        key = key.translate(str.maketrans("./", "/."))
    parts = [p for p in key.split("/") if p and p != "."]
    return "/".join(parts)


def dotted(key: str) -> str:
    """The dotted spelling of a normalised key (`net/ipv4/conf/eth0.1/x` -> `net.ipv4.conf.eth0/1.x`)."""
    return key.translate(str.maketrans("./", "/."))


def is_glob(key: str) -> bool:
    return not GLOB_CHARS.isdisjoint(key)


def glob_matches(pattern: str, key: str) -> bool:
    """glob(7) over /proc/sys paths: each `/`-separated part matches on its own (`*` never crosses `/`)."""
    pattern_parts = pattern.split("/")
    key_parts = key.split("/")
    if len(pattern_parts) != len(key_parts):
        return False
    return all(fnmatch.fnmatchcase(k, p) for p, k in zip(pattern_parts, key_parts, strict=True))


@dataclass(frozen=True, slots=True)
class SysctlAssignment:
    """One `key = value` line. `value` None is a `-key` glob exclusion; `ignore_failure` is a leading `-`."""

    key: str
    value: str | None
    location: Location
    ignore_failure: bool = False

    @property
    def glob(self) -> bool:
        return is_glob(self.key)

    @property
    def name(self) -> str:
        return dotted(self.key)

    @property
    def effective(self) -> Effective[str | None]:
        """This line as a sysctl setting's value, cited at the line (a glob's `name` is its pattern)."""
        ref = SettingRef(Dialect.SYSCTL, self.location.path, self.name)
        return Effective(self.value, self.value or "", ref, self.location.line)


def resolve(assignments: Sequence[SysctlAssignment]) -> tuple[SysctlAssignment, ...]:
    """The effective table in systemd's order: a new value for a key replaces the old one and moves to the
    end (it is written later); the same value again keeps its place (the later line is cited)."""
    table: dict[str, SysctlAssignment] = {}
    for item in assignments:
        existing = table.get(item.key)
        if existing is not None and existing.value == item.value:
            table[item.key] = replace(item, ignore_failure=existing.ignore_failure or item.ignore_failure)
            continue
        table.pop(item.key, None)
        table[item.key] = item
    return tuple(table.values())


@dataclass(frozen=True, slots=True)
class SysctlFacts:
    """Persisted kernel parameters (sysctl.d(5) precedence) and, on a live host, their runtime values.

    files:    the config files applied, in order (target paths; a symlink is shown as the file it names)
    settings: the effective assignment table (see `resolve`)
    runtime:  normalised key -> value read from /proc/sys (whitespace collapsed); None when not live
    home:     where an absent setting belongs (the file an administrator would add it to)
    commented: commented-out lines of keys, cited for a key no line sets (uncomment it there)
    """

    files: tuple[str, ...]
    settings: tuple[SysctlAssignment, ...]
    runtime: Mapping[str, str] | None
    issues: tuple[ParseIssue, ...] = ()
    home: str = "/etc/sysctl.conf"
    #: normalised key -> its first commented-out line in a file under /etc (`#net.ipv4.ip_forward=1`)
    commented: Mapping[str, Location] = field(default_factory=dict)
    _explicit: Mapping[str, SysctlAssignment] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        explicit = {s.key: s for s in self.settings if not s.glob}
        object.__setattr__(self, "_explicit", explicit)

    def persisted(self, key: str) -> SysctlAssignment | None:
        """The line that decides `key` at boot, None when no file sets it.

        A returned assignment with `value` None is a `-key` exclusion: the key keeps the kernel default.
        """
        key = normalize_key(key)
        explicit = self._explicit.get(key)
        if explicit is not None:
            return explicit
        for item in reversed(self.settings):
            if item.value is not None and item.glob and glob_matches(item.key, key):
                return item
        return None

    def persisted_value(self, key: str) -> str | None:
        item = self.persisted(key)
        return None if item is None else item.value

    def runtime_value(self, key: str) -> str | None:
        if self.runtime is None:
            return None
        return self.runtime.get(normalize_key(key))

    def explicit_keys(self) -> tuple[str, ...]:
        return tuple(k for k, v in self._explicit.items() if v.value is not None)

    def effective(self, key: str) -> BootValue:
        """The value `key` has at boot: its deciding line, else the kernel's built-in (or running) value."""
        from garrison.facts.sysctl.effective import effective_value

        return effective_value(self, key)
