"""Helpers for the systemd rules: judge every service unit, then fold the verdicts into one outcome.

A per-unit verdict is an `Outcome`; `judge_units` folds them (`rules.expect.fold`): it fails when any unit
fails (citing every failing unit's lines, each with the unit as its subject), else reports an error or
unknown if a unit had one, else passes. A unit with a file that could not be read at all is an error at that
file, since its settings may not be what they seem; a line systemd ignores (no `=`, outside a section) leaves
the rest of the unit as systemd loads it, so the unit is judged and the verdict says it comes from a unit with
ignored lines (`systemd.directives-valid` reports those lines). A unit systemd refuses to load (no command at
all) is an error of every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from garrison.facts.placeholders import has_placeholder
from garrison.facts.quoting import shown
from garrison.facts.systemd import ServiceUnit, SystemdFacts, UnitAssignment, parse_bool
from garrison.model import (
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Wanted,
    errored,
    failed,
    passed,
    unknown,
)
from garrison.rules.expect import context, equals, fold, unusable

UnitCheck = Callable[[ServiceUnit], Outcome]
#: Expected values that are a setting's value (a fix can write them): `wanted` carries them as data.
_VALUES = frozenset({"yes", "strict", "@system-service", "AF_UNIX AF_INET AF_INET6"})


def _refused(unit: ServiceUnit) -> bool:
    """systemd refuses a service with no command and no SuccessAction= ("Service has no ExecStart=, ExecStop=,
    or SuccessAction=. Refusing."): nothing of it runs, so no verdict on its settings would be true."""
    return not (unit.list_of("ExecStart") or unit.list_of("ExecStop") or unit.last("SuccessAction", "Unit"))


def judge_units(systemd: SystemdFacts, check: UnitCheck, what: str) -> Outcome:
    """Run `check` on every judged unit; `what` names the property in messages ("NoNewPrivileges=yes")."""

    def judged(unit: ServiceUnit) -> Outcome:
        unreadable = [i for i in unit.issues if i.location.line is None]
        if unreadable:
            issue = unreadable[0]
            return errored(f"{unit.name}: {issue}", unusable(issue.location))
        if _refused(unit):
            message = f"{unit.name}: systemd refuses to load it (no ExecStart=, ExecStop= or SuccessAction=)"
            return errored(message, unusable(Location(unit.fragment)))
        outcome = check(unit)
        if not unit.issues:
            return outcome
        first = unit.issues[0].location
        note = f" (read from a unit with lines systemd ignores: {first})"
        frame = context(first.path, first.line, "ignored by systemd", subject=unit.name)
        return replace(outcome, message=outcome.message + note, evidence=(*outcome.evidence, frame))

    def complies(items: list[tuple[str, Outcome]]) -> str:
        said = f"{what}: every judged unit complies ({', '.join(name for name, _ in items)})"
        marked = [u for u in systemd.units if u.issues and u.name in dict(items)]
        if marked:
            first = marked[0].issues[0].location
            said += f" (read from a unit with lines systemd ignores: {first})"
        return said

    return fold(
        ((unit.name, judged(unit)) for unit in systemd.units),
        passed_message=complies,
        absent="no service units to judge",
        prefix=False,
    )


def cite(
    unit: ServiceUnit,
    key: str,
    item: UnitAssignment | None,
    actual: object,
    expected: object,
    *,
    wanted: Wanted | None = None,
) -> Evidence:
    """Evidence at the deciding assignment (role SETTING), or at the fragment (line None, role DEFAULT) when
    the setting is absent; either names `key` in the unit's [Service] section. An empty assignment (`Key=`,
    which resets a list) is shown as `empty`. An expected value a fix can write is also `wanted`."""
    if actual == "":
        actual = "empty"
    text = None if expected is None else str(expected)
    if wanted is None and text in _VALUES:
        wanted = equals(text)
    ref = unit.ref(key, item)
    line = None if item is None else item.location.line
    role = EvidenceRole.DEFAULT if item is None else EvidenceRole.SETTING
    return Evidence(
        Location(ref.path, line), None if actual is None else str(actual), text, role, ref, unit.name, wanted
    )


def as_set(unit: ServiceUnit, key: str, item: UnitAssignment | None, expected: object = None) -> Evidence:
    """`cite` of the deciding assignment's own value (None when `key` is unset)."""
    return cite(unit, key, item, None if item is None else item.value, expected)


def told(value: str | None) -> str:
    """A switch's value as a message tells it: unset is systemd's default `no`."""
    return "no (default)" if value is None else value


def cite_off(
    unit: ServiceUnit, key: str, item: UnitAssignment | None, value: str | None, expected: object
) -> Evidence:
    """`cite` of a failing switch: its `value`, or systemd's default `no` when unset (None)."""
    return cite(unit, key, item, "no" if value is None else value, expected)


def left_off(
    unit: ServiceUnit, key: str, item: UnitAssignment | None, value: str | None, expected: str, why: str
) -> Outcome:
    """Fail `key` set to `value`, or left at systemd's default `no` (None); `why` ends the message."""
    return failed(f"{unit.name}: {key}={told(value)}{why}", cite_off(unit, key, item, value, expected))


def placeholder(unit: ServiceUnit, key: str, entries: Iterable[UnitAssignment]) -> Outcome | None:
    """Unknown at the first of `entries` that is an unrendered placeholder; None when none is."""
    for item in entries:
        if has_placeholder(item.value):
            where = cite(unit, key, item, item.value, None)
            return unknown(f"{unit.name}: {key}= is an unrendered placeholder", where)
    return None


def flag_value(unit: ServiceUnit, key: str) -> tuple[bool | None, UnitAssignment | None, Outcome | None]:
    """The effective boolean of `key`: (value or None when unset, deciding assignment, problem outcome)."""
    item = unit.last(key)
    if item is None:
        return None, None, None
    where = cite(unit, key, item, item.value, "a boolean")
    if has_placeholder(item.value):
        return None, item, unknown(f"{unit.name}: {key}= is an unrendered placeholder", where)
    value = parse_bool(item.value)
    if value is None:
        return (
            None,
            item,
            errored(
                f"{unit.name}: {key}={shown(item.value)} is not a boolean (systemd ignores it)",
                cite(unit, key, item, shown(item.value), "a boolean"),
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
                f"{unit.name}: {key}=yes implied by DynamicUser=yes",
                cite(unit, "DynamicUser", dynamic, "yes", "yes"),
            )
        if value:
            return passed(f"{unit.name}: {key}=yes", cite(unit, key, item, "yes", "yes"))
        setting = None if item is None else item.value
        return failed(f"{unit.name}: {key}= is {told(setting)}", cite_off(unit, key, item, setting, "yes"))

    return check


def text_value(unit: ServiceUnit, key: str) -> tuple[str | None, UnitAssignment | None, Outcome | None]:
    item = unit.last(key)
    if item is None:
        return None, None, None
    problem = placeholder(unit, key, (item,))
    if problem is not None:
        return None, item, problem
    return item.value.strip(), item, None
