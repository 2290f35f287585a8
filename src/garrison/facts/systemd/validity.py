"""Assignments systemd does not apply as written (systemd.syntax(7), systemd.service(5), `systemd-analyze
verify`): directives the installed release does not know ("Unknown key ... ignoring"), commands that are
neither an absolute path nor a plain executable name (systemd 239+ searches a bare name in its fixed
directories; `bin/app` is refused, and for ExecStart= the unit then does not start), and unrendered template
placeholders where systemd needs a number, a time, a size or a user name (the assignment is ignored, or the
unit fails to start).
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.placeholders import has_placeholder
from garrison.facts.systemd.directives import is_unknown, judged_version
from garrison.facts.systemd.model import ServiceUnit, UnitAssignment

_EXEC = frozenset(
    {"ExecStart", "ExecStartPre", "ExecStartPost", "ExecCondition", "ExecReload", "ExecStop", "ExecStopPost"}
)
_PREFIXES = "@-:+!|"
_USERS = frozenset({"User", "Group", "SupplementaryGroups"})
_NUMBER_WORDS = frozenset(
    {"Nice", "OOMScoreAdjust", "UMask", "TasksMax", "CPUQuota", "IOWeight", "CPUWeight"}
)
_NUMBER_ENDS = ("Sec", "USec", "Max", "Min", "Low", "High", "Weight", "Burst", "Interval")


@dataclass(frozen=True, slots=True)
class IgnoredAssignment:
    assignment: UnitAssignment
    reason: str  # what systemd does with it, in a few words
    fatal: bool = False  # the unit does not start at all


def _command(value: str) -> str:
    words = value.lstrip(_PREFIXES).split(None, 1)
    return words[0] if words else ""


def _numeric(key: str) -> bool:
    return key.startswith("Limit") or key in _NUMBER_WORDS or key.endswith(_NUMBER_ENDS)


def _judge(item: UnitAssignment, version: int | None) -> IgnoredAssignment | None:
    release = judged_version(version)
    if is_unknown(version, item.section, item.key):
        return IgnoredAssignment(item, f"systemd {release} knows no [{item.section}] {item.key}=: ignored")
    if item.section != "Service" or not item.value:
        return None
    if item.key in _EXEC:
        command = _command(item.value)
        fatal = item.key == "ExecStart"
        if has_placeholder(command):
            return IgnoredAssignment(item, "the command is an unrendered template placeholder", fatal)
        if "/" in command and not command.startswith("/"):
            return IgnoredAssignment(item, "neither an absolute path nor an executable name: refused", fatal)
        return None
    if has_placeholder(item.value):
        if item.key in _USERS:
            return IgnoredAssignment(item, "names no user or group (a template placeholder): the unit fails")
        if _numeric(item.key):
            return IgnoredAssignment(item, "a template placeholder where a number is needed: ignored")
    return None


def ignored_assignments(unit: ServiceUnit, version: int | None) -> tuple[IgnoredAssignment, ...]:
    """Every assignment of the unit that systemd `version` (None: the reference, 252) does not apply."""
    return tuple(found for item in unit.assignments if (found := _judge(item, version)) is not None)
