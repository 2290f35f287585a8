"""A kernel parameter's effective value at boot: the deciding sysctl.d line, else the kernel's built-in value
(or, live, /proc/sys), with where it was set or where it belongs. Pure; `SysctlFacts.effective(key)`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from garrison.effective import Effective, Source
from garrison.facts.sysctl.defaults import KERNEL_VERSION, kernel_default
from garrison.facts.sysctl.model import Origin, dotted, normalize_key
from garrison.model import Dialect, Evidence, EvidenceRole, Location, SettingRef, Wanted

if TYPE_CHECKING:
    from garrison.facts.sysctl.model import SysctlFacts

#: At most this many files read are cited for an absent key.
MAX_READ_CITED = 8


@dataclass(frozen=True, slots=True)
class BootValue:
    """A parameter's `effective` value at boot (None: not set and the built-in value cannot be known here)
    and its `origin`, which says more than the value's source: set by a glob, excluded from globs, unknown.

    The value is cited at the deciding line, or (line None) at the file where it belongs, or at
    /proc/sys/<key> for the running kernel's value (source LIVE)."""

    effective: Effective[str | None]
    origin: Origin
    #: The sysctl files that were read (in the order applied): where an absent key was looked for.
    read: tuple[str, ...] = ()
    #: An absent key cited at its commented-out line (`#net.ipv4.ip_forward=1`), not at a `-key` line.
    commented_out: bool = False

    @property
    def name(self) -> str:
        """The dotted key (`net.ipv4.ip_forward`)."""
        return self.effective.setting.key

    def cite(self, expected: str | None, wanted: Wanted | None = None) -> Evidence:
        """Evidence at the deciding line, or where the absent key belongs with the built-in value (no actual
        value when it cannot be known)."""
        found = self.effective.cite(expected, wanted=wanted)
        return found if self.effective.value is not None else replace(found, actual=None)

    def cites(self, expected: str | None, wanted: Wanted | None = None) -> tuple[Evidence, ...]:
        """`cite`, and for a key no line sets, each file that was read and does not set it (role CONTEXT),
        up to MAX_READ_CITED: the absence is shown where it was looked for."""
        found = self.cite(expected, wanted)
        if self.origin.written:
            return (found,)
        at = found.location.path if found.location is not None else None
        note = f"read; does not set {self.name}"
        shown = [p for p in self.read if p != at][:MAX_READ_CITED]
        return (found, *(Evidence(Location(p), note, None, EvidenceRole.CONTEXT) for p in shown))

    def _absence(self) -> str:
        """Where an absent key was looked for, for a message."""
        if not self.read:
            return "no sysctl file exists (/etc/sysctl.conf, sysctl.d directories)"
        shown = ", ".join(self.read[:4]) + (f" and {len(self.read) - 4} more" if len(self.read) > 4 else "")
        return f"not set in {shown}"

    def describe(self) -> str:
        value, at = self.effective.value, self.effective.location
        where = f"{at.path}:{at.line}" if at.line is not None else at.path
        if self.origin is Origin.SET:
            return f"{self.name} = {value} ({where})"
        if self.origin is Origin.GLOB:
            return f"{self.name} = {value} (set by a glob pattern at {where})"
        if self.origin is Origin.DEFAULT and self.commented_out:
            return f"{self.name} = {value} ({self._absence()}, commented out at {where}; kernel default)"
        if self.origin is Origin.DEFAULT and at.line is not None:
            return f"{self.name} = {value} (excluded from glob patterns at {where}; kernel default)"
        if self.origin is Origin.RUNTIME:
            return f"{self.name} = {value} ({self._absence()}; running kernel's value)"
        if self.origin is Origin.UNKNOWN:
            return f"{self.name}: {self._absence()}, and its built-in value depends on the machine"
        return f"{self.name} = {value} ({self._absence()}; kernel default, {KERNEL_VERSION})"


def _value(
    key: str,
    value: str | None,
    origin: Origin,
    where: tuple[str, int | None],
    read: tuple[str, ...],
    commented_out: bool = False,
) -> BootValue:
    path, line = where
    dialect, source = Dialect.SYSCTL, Source.SET if origin.written else Source.DEFAULT
    if origin is Origin.RUNTIME:
        dialect, source = Dialect.LIVE, Source.LIVE
    setting = SettingRef(dialect, path, dotted(key))
    return BootValue(Effective(value, value or "", setting, line, source), origin, read, commented_out)


def effective_value(sysctl: SysctlFacts, key: str) -> BootValue:
    """The value `key` has at boot (systemd-sysctl's precedence, then the kernel's built-in value)."""
    key = normalize_key(key)
    item = sysctl.persisted(key)
    read = sysctl.files
    if item is not None and item.value is not None:
        origin = Origin.GLOB if item.glob else Origin.SET
        return _value(key, item.value, origin, (item.location.path, item.location.line), read)
    # not set, or a `-key` line that only keeps glob patterns away from it: the kernel's own value stays
    where = (sysctl.home, None) if item is None else (item.location.path, item.location.line)
    hint = sysctl.commented.get(key) if item is None else None
    if hint is not None:
        where = (hint.path, hint.line)
    default = kernel_default(key)
    if default is not None:
        return _value(key, default, Origin.DEFAULT, where, read, hint is not None)
    running = sysctl.runtime_value(key)
    if running is not None:
        return _value(key, running, Origin.RUNTIME, (f"/proc/sys/{key}", None), read)
    return _value(key, None, Origin.UNKNOWN, where, read, hint is not None)
