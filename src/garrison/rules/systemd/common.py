"""Helpers for the systemd rules: judge every service unit, then fold the verdicts into one outcome.

A per-unit verdict is an `Outcome`; `judge_units` fails when any unit fails (citing every failing unit's
lines), else reports an error or unknown if a unit had one, else passes. A unit whose files could not be read
or parsed is an error at the offending file:line, since its settings may not be what they seem.
"""

from __future__ import annotations

from collections.abc import Callable

from garrison.facts.placeholders import has_placeholder
from garrison.facts.quoting import shown
from garrison.facts.systemd import ServiceUnit, SystemdFacts, UnitAssignment
from garrison.facts.systemd.model import parse_bool
from garrison.model import (
    Evidence,
    Outcome,
    Status,
    errored,
    evidence,
    failed,
    not_applicable,
    passed,
    unknown,
)

UnitCheck = Callable[[ServiceUnit], Outcome]


def judge_units(systemd: SystemdFacts, check: UnitCheck, what: str) -> Outcome:
    """Run `check` on every judged unit; `what` names the property in messages ("NoNewPrivileges=yes")."""
    verdicts: list[tuple[ServiceUnit, Outcome]] = []
    for unit in systemd.units:
        if unit.issues:
            issue = unit.issues[0]
            verdicts.append((unit, errored(f"{unit.name}: {issue}", Evidence(issue.location, None))))
            continue
        verdicts.append((unit, check(unit)))
    if not verdicts:
        return not_applicable("no service units to judge")
    for status, build in (
        (Status.FAIL, failed),
        (Status.ERROR, errored),
        (Status.UNKNOWN, unknown),
    ):
        chosen = [(u, o) for u, o in verdicts if o.status == status]
        if chosen:
            text = "; ".join(o.message for _, o in chosen)
            return build(text, *(e for _, o in chosen for e in o.evidence))
    names = ", ".join(u.name for u, _ in verdicts)
    return passed(
        f"{what}: every judged unit complies ({names})",
        *(e for _, o in verdicts for e in o.evidence),
    )


def cite(unit: ServiceUnit, item: UnitAssignment | None, actual: object, expected: object) -> Evidence:
    """Evidence at the deciding assignment, or at the fragment (line None) when the setting is absent. An
    empty assignment (`Key=`, which resets a list) is shown as `empty`."""
    if actual == "":
        actual = "empty"
    if item is None:
        return evidence(unit.fragment, None, actual, expected)
    return evidence(item.location.path, item.location.line, actual, expected)


def flag_value(unit: ServiceUnit, key: str) -> tuple[bool | None, UnitAssignment | None, Outcome | None]:
    """The effective boolean of `key`: (value or None when unset, deciding assignment, problem outcome)."""
    item = unit.last(key)
    if item is None:
        return None, None, None
    where = cite(unit, item, item.value, "a boolean")
    if has_placeholder(item.value):
        return None, item, unknown(f"{unit.name}: {key}= is an unrendered placeholder", where)
    value = parse_bool(item.value)
    if value is None:
        return (
            None,
            item,
            errored(
                f"{unit.name}: {key}={shown(item.value)} is not a boolean (systemd ignores it)",
                cite(unit, item, shown(item.value), "a boolean"),
            ),
        )
    return value, item, None


def expect_flag(key: str, *, implied_by_dynamic_user: bool = False) -> UnitCheck:
    """A check that `key=yes` is in effect (systemd's default for all of these is `no`)."""

    def check(unit: ServiceUnit) -> Outcome:
        value, item, problem = flag_value(unit, key)
        if problem is not None:
            return problem
        if value is None and implied_by_dynamic_user and flag_value(unit, "DynamicUser")[0]:
            dynamic = unit.last("DynamicUser")
            return passed(
                f"{unit.name}: {key}=yes implied by DynamicUser=yes", cite(unit, dynamic, "yes", "yes")
            )
        if value:
            return passed(f"{unit.name}: {key}=yes", cite(unit, item, "yes", "yes"))
        shown = "no (default)" if item is None else item.value
        return failed(
            f"{unit.name}: {key}= is {shown}", cite(unit, item, "no" if item is None else item.value, "yes")
        )

    return check


def text_value(unit: ServiceUnit, key: str) -> tuple[str | None, UnitAssignment | None, Outcome | None]:
    item = unit.last(key)
    if item is None:
        return None, None, None
    if has_placeholder(item.value):
        where = cite(unit, item, item.value, None)
        return None, item, unknown(f"{unit.name}: {key}= is an unrendered placeholder", where)
    return item.value.strip(), item, None
