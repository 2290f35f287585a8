"""Helpers for the kernel rules: the effective value of a sysctl and one-line judgements of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from garrison.facts.sysctl import Origin, SysctlFacts, dotted, kernel_default, normalize_key
from garrison.model import Evidence, Outcome, evidence, failed, passed, unknown

Compare = Literal["eq", "ge", "le"]
_SYMBOL = {"eq": "", "ge": ">= ", "le": "<= "}


@dataclass(frozen=True, slots=True)
class Effective:
    """A key's value at boot: from a config line, else the kernel's built-in value (or, live, /proc)."""

    key: str
    value: str | None  # None: not set and the built-in value cannot be known here
    origin: Origin
    path: str
    line: int | None

    @property
    def name(self) -> str:
        return dotted(self.key)

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

    def evidence(self, expected: str | None) -> Evidence:
        return evidence(self.path, self.line, self.value, expected)


def effective_sysctl(sysctl: SysctlFacts, key: str) -> Effective:
    key = normalize_key(key)
    item = sysctl.persisted(key)
    if item is not None and item.value is not None:
        origin = Origin.GLOB if item.glob else Origin.SET
        return Effective(key, item.value, origin, item.location.path, item.location.line)
    # not set, or a `-key` line that only keeps glob patterns away from it: the kernel's own value stays
    path, line = (sysctl.home, None) if item is None else (item.location.path, item.location.line)
    default = kernel_default(key)
    if default is not None:
        return Effective(key, default, Origin.DEFAULT, path, line)
    running = sysctl.runtime_value(key)
    if running is not None:
        return Effective(key, running, Origin.RUNTIME, f"/proc/sys/{key}", None)
    return Effective(key, None, Origin.UNKNOWN, path, line)


def judge(value: str, want: str, compare: Compare) -> bool | None:
    """Whether `value` satisfies `want`; None when a numeric comparison meets a non-number."""
    if compare == "eq":
        return value.split() == want.split()
    try:
        number, limit = int(value.split()[0]), int(want)
    except (ValueError, IndexError):
        return None
    return number >= limit if compare == "ge" else number <= limit


def expect_sysctl(sysctl: SysctlFacts, key: str, *, want: str, compare: Compare = "eq") -> Outcome:
    """Pass when the effective value of `key` satisfies `want`; the evidence cites where it comes from."""
    current = effective_sysctl(sysctl, key)
    expected = f"{_SYMBOL[compare]}{want}"
    if current.value is None:
        return unknown(f"{current.describe()}; expected {expected}", current.evidence(expected))
    verdict = judge(current.value, want, compare)
    if verdict is None:
        return failed(
            f"{current.describe()}: not a number, so the kernel rejects it; expected {expected}",
            current.evidence(expected),
        )
    if verdict:
        return passed(current.describe(), current.evidence(expected))
    return failed(f"{current.describe()}; expected {expected}", current.evidence(expected))
