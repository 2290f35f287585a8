"""Helpers for the kernel rules: one-line judgements of a sysctl's effective value at boot."""

from __future__ import annotations

from garrison.facts.kernelcfg import CmdlineParam
from garrison.facts.sysctl import SysctlFacts
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Outcome,
    Relation,
    SettingRef,
    Wanted,
    evidence,
    failed,
    passed,
    unknown,
)

_SYMBOL = {Relation.EQUALS: "", Relation.AT_LEAST: ">= ", Relation.AT_MOST: "<= "}


def judge(value: str, want: str, compare: Relation) -> bool | None:
    """Whether `value` satisfies `want`; None when a numeric comparison meets a non-number."""
    if compare is Relation.EQUALS:
        return value.split() == want.split()
    try:
        number, limit = int(value.split()[0]), int(want)
    except (ValueError, IndexError):
        return None
    return number >= limit if compare is Relation.AT_LEAST else number <= limit


def expect_sysctl(
    sysctl: SysctlFacts, key: str, *, want: str, compare: Relation = Relation.EQUALS
) -> Outcome:
    """Pass when the effective value of `key` satisfies `want`; the evidence cites where it comes from."""
    current = sysctl.effective(key)
    expected = f"{_SYMBOL[compare]}{want}"
    proof = current.cites(expected, Wanted(compare, (want,)))
    value = current.effective.value
    if value is None:
        return unknown(f"{current.describe()}; expected {expected}", *proof)
    verdict = judge(value, want, compare)
    if verdict is None:
        return failed(
            f"{current.describe()}: not a number, so the kernel rejects it; expected {expected}", *proof
        )
    if verdict:
        return passed(current.describe(), *proof)
    return failed(f"{current.describe()}; expected {expected}", *proof)


def cmdline_param(param: CmdlineParam, expected: str | None = None, wanted: Wanted | None = None) -> Evidence:
    """A kernel command-line parameter (role SETTING): at /proc/cmdline live, else at the boot loader file
    that passes it (dialect GRUB)."""
    at = param.location
    dialect = Dialect.LIVE if at.path == "/proc/cmdline" else Dialect.GRUB
    shown = param.name if param.value is None else f"{param.name}={param.value}"
    ref = SettingRef(dialect, at.path, param.name)
    return evidence(at.path, at.line, shown, expected, role=EvidenceRole.SETTING, setting=ref, wanted=wanted)
