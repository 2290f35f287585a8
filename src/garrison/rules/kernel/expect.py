"""Helpers for the kernel rules: a sysctl's effective value as shared evidence, and one-line judgements."""

from __future__ import annotations

from dataclasses import replace

from garrison.facts.sysctl import Origin, SysctlFacts, SysctlValue
from garrison.model import Evidence, Outcome, Relation, Wanted, failed, passed, unknown
from garrison.rules.expect import Effective, Source

_SYMBOL = {Relation.EQUALS: "", Relation.AT_LEAST: ">= ", Relation.AT_MOST: "<= "}


def effective(value: SysctlValue) -> Effective[str | None]:
    """The shared effective value: set by a line, the kernel's built-in value, or the running kernel's."""
    if value.origin is Origin.RUNTIME:
        source = Source.LIVE
    else:
        source = Source.SET if value.origin.written else Source.DEFAULT
    return Effective(value.value, value.value or "", value.setting, value.line, source)


def cite(value: SysctlValue, expected: str | None, wanted: Wanted | None = None) -> Evidence:
    """Evidence at the deciding line, or where the absent key belongs with the built-in value."""
    found = effective(value).cite(expected, wanted=wanted)
    return found if value.value is not None else replace(found, actual=None)


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
    proof = cite(current, expected, Wanted(compare, (want,)))
    if current.value is None:
        return unknown(f"{current.describe()}; expected {expected}", proof)
    verdict = judge(current.value, want, compare)
    if verdict is None:
        return failed(
            f"{current.describe()}: not a number, so the kernel rejects it; expected {expected}", proof
        )
    if verdict:
        return passed(current.describe(), proof)
    return failed(f"{current.describe()}; expected {expected}", proof)
