"""A kernel parameter's effective value at boot: the deciding sysctl.d line, else the kernel's built-in value
(or, live, /proc/sys), with where it was set or where it belongs. Pure; `SysctlFacts.effective(key)`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from garrison.facts.sysctl.defaults import kernel_default
from garrison.facts.sysctl.model import Origin, dotted, normalize_key
from garrison.model import Dialect, Location, SettingRef

if TYPE_CHECKING:
    from garrison.facts.sysctl.model import SysctlFacts


@dataclass(frozen=True, slots=True)
class SysctlValue:
    """`key` (normalised) is `value` at boot because of `origin`, cited at `path:line` (line None: not set,
    `path` is the file where it belongs, or /proc/sys/<key> for the running kernel's value)."""

    key: str
    value: str | None  # None: not set and the built-in value cannot be known here
    origin: Origin
    path: str
    line: int | None

    @property
    def name(self) -> str:
        return dotted(self.key)

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)

    @property
    def setting(self) -> SettingRef:
        """The parameter as a fix edits it: a sysctl.d key, or the running kernel's /proc/sys file."""
        dialect = Dialect.LIVE if self.origin is Origin.RUNTIME else Dialect.SYSCTL
        return SettingRef(dialect, self.path, self.name)

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        if self.origin is Origin.SET:
            return f"{self.name} = {self.value} ({where})"
        if self.origin is Origin.GLOB:
            return f"{self.name} = {self.value} (set by a glob pattern at {where})"
        if self.origin is Origin.DEFAULT and self.line is not None:
            return f"{self.name} = {self.value} (excluded from glob patterns at {where}; kernel default)"
        if self.origin is Origin.RUNTIME:
            return f"{self.name} = {self.value} (not set in any file; running kernel's value)"
        if self.origin is Origin.UNKNOWN:
            return f"{self.name} is not set in any file and its built-in value depends on the machine"
        return f"{self.name} = {self.value} (not set in any file; kernel default)"


def effective_value(sysctl: SysctlFacts, key: str) -> SysctlValue:
    """The value `key` has at boot (systemd-sysctl's precedence, then the kernel's built-in value)."""
    key = normalize_key(key)
    item = sysctl.persisted(key)
    if item is not None and item.value is not None:
        origin = Origin.GLOB if item.glob else Origin.SET
        return SysctlValue(key, item.value, origin, item.location.path, item.location.line)
    # not set, or a `-key` line that only keeps glob patterns away from it: the kernel's own value stays
    path, line = (sysctl.home, None) if item is None else (item.location.path, item.location.line)
    default = kernel_default(key)
    if default is not None:
        return SysctlValue(key, default, Origin.DEFAULT, path, line)
    running = sysctl.runtime_value(key)
    if running is not None:
        return SysctlValue(key, running, Origin.RUNTIME, f"/proc/sys/{key}", None)
    return SysctlValue(key, None, Origin.UNKNOWN, path, line)
