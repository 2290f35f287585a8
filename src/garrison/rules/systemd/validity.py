"""Unit assignments systemd does not apply: unknown directives of the installed release, refused commands and
template placeholders where a number or a user is needed (`facts.systemd.validity`)."""

from __future__ import annotations

from garrison.facts.systemd import IgnoredAssignment, ServiceUnit, SystemdFacts, ignored_assignments
from garrison.model import Evidence, EvidenceRole, Outcome, Relation, Severity, Wanted, failed, passed
from garrison.rules.expect import unusable, whole_file
from garrison.rules.registry import rule
from garrison.rules.systemd.common import judge_units
from garrison.rules.wording import counted, plural


def _evidence(unit: ServiceUnit, found: IgnoredAssignment) -> Evidence:
    item = found.assignment
    ref = unit.ref(item.key, item, item.section)
    return Evidence(
        item.location, item.key, found.reason, EvidenceRole.SETTING, ref, unit.name, Wanted(Relation.ABSENT)
    )


def _version_note(systemd: SystemdFacts) -> str:
    if systemd.version is None:
        return " (the installed systemd version is unknown: judged as systemd 252, Debian 12's)"
    return f" (systemd {systemd.version})"


@rule(
    id="systemd.directives-valid",
    title="Every unit assignment is one systemd applies",
    problem="A unit file has an assignment systemd ignores or refuses",
    severity=Severity.MEDIUM,
    rationale="systemd skips a misspelt or unknown directive, a value it cannot parse and an unrendered "
    "template placeholder with only a log warning, so the sandboxing or limit it was meant to set is not "
    "there; a refused ExecStart= keeps the service from starting at all.",
    remediation="Correct the directive name (systemd-analyze verify <unit> lists them) and render templates",
    references=("systemd-analyze verify: Unknown key",),
)
def directives_valid(systemd: SystemdFacts) -> Outcome:
    note = _version_note(systemd)

    def check(unit: ServiceUnit) -> Outcome:
        found = ignored_assignments(unit, systemd.version)
        lines = [unusable(i.location, i.message, subject=unit.name) for i in unit.issues if i.location.line]
        if lines and not found:
            said = counted(len(lines), "line", "is", "are")
            return failed(f"{unit.name}: {said} not read by systemd (ignored){note}", *lines)
        if found:
            keys = ", ".join(f"{f.assignment.key}=" for f in found[:5])
            said = counted(len(found), "assignment", "is", "are")
            fatal = "; the unit does not start" if any(f.fatal for f in found) else ""
            message = f"{unit.name}: {said} not applied ({keys}){fatal}{note}"
            return failed(message, *(_evidence(unit, f) for f in found), *lines)
        count = plural(len(unit.assignments), "assignment")
        where = whole_file(unit.fragment, plural(len(unit.files), "file"), subject=unit.name)
        return passed(f"{unit.name}: {count}, all applied{note}", where)

    return judge_units(systemd, check, f"unit assignments{note}")
