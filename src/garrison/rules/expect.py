"""The helper vocabulary every rule shares: effective values, evidence with roles, one fold over subjects.

    value = Effective.at(Dialect.SSHD, "/etc/ssh/sshd_config", "PermitRootLogin", "yes", line=5)
    value.cite(expected="no", wanted=Wanted(Relation.EQUALS, ("no",)))       # role SETTING, setting ref
    Effective.default(Dialect.SSHD, "/etc/ssh/sshd_config", "MaxAuthTries", 6).cite(...)   # role DEFAULT

    fold(((unit.name, check(unit)) for unit in units), passed_message="every unit ...", nothing="no unit")

`Effective` is a setting's value with where it was set, or where it belongs when it is not set (then it is
the program's built-in default). `fold` judges many subjects (units, virtual hosts, clusters, servers,
files): any failure fails, else an error errs, else an unknown stays unknown, else it passes; each
subject's name is kept on its evidence (`Evidence.subject`). Packs give rules typed effective values with
their defaults applied; rules do not re-read raw syntax trees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from garrison.effective import Effective, Source
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Relation,
    SettingRef,
    Status,
    Wanted,
    errored,
    failed,
    not_applicable,
    passed,
    unknown,
)
from garrison.rules.wording import nothing_to_check, unique

__all__ = [
    "SHOWN_SUBJECTS",
    "Effective",
    "Source",
    "about",
    "context",
    "file_mode",
    "fold",
    "unusable",
    "whole_file",
]

#: At most this many subjects are named in a folded message; the rest are counted.
SHOWN_SUBJECTS = 5


def equals(*values: str) -> Wanted:
    """What a fix writes: exactly this value (`Wanted(Relation.EQUALS, values)`)."""
    return Wanted(Relation.EQUALS, values)


def context(path: str, line: int | None, actual: str | None, *, subject: str | None = None) -> Evidence:
    """Evidence that frames a deciding setting: its Match block, server block, unit, firewall rule."""
    return Evidence(Location(path, line), actual, None, EvidenceRole.CONTEXT, None, subject)


def whole_file(
    path: str,
    actual: str | None,
    expected: str | None = None,
    *,
    setting: SettingRef | None = None,
    subject: str | None = None,
    wanted: Wanted | None = None,
) -> Evidence:
    """Evidence about a file as a whole: its mode or owner, that it cannot be read, that it holds a secret."""
    return Evidence(Location(path, None), actual, expected, EvidenceRole.FILE, setting, subject, wanted)


def file_mode(
    path: str,
    actual: str | None,
    expected: str | None = None,
    *,
    key: str = "mode",
    subject: str | None = None,
    wanted: Wanted | None = None,
) -> Evidence:
    """Evidence about a path's permission bits or owner (role FILE): the setting is `(file-mode, path,
    "mode")`, or `"owner"` when only the owner is wrong."""
    ref = SettingRef(Dialect.FILE_MODE, path, key)
    return Evidence(Location(path, None), actual, expected, EvidenceRole.FILE, ref, subject, wanted)


def unusable(location: Location, actual: str | None = None, *, subject: str | None = None) -> Evidence:
    """Evidence that a file cannot be used as written (role FILE): the line of its syntax error, missing
    include or include loop, or the whole file (line None)."""
    return Evidence(location, actual, None, EvidenceRole.FILE, None, subject)


def about(subject: str, items: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """The evidence with `subject` set where it is not yet."""
    return tuple(item if item.subject else _with_subject(item, subject) for item in items)


def _with_subject(item: Evidence, subject: str) -> Evidence:
    # the constructor, not dataclasses.replace: a fold over 30,000 servers makes this call 30,000 times
    return Evidence(item.location, item.actual, item.expected, item.role, item.setting, subject, item.wanted)


_BUILD: dict[Status, Callable[..., Outcome]] = {
    Status.FAIL: failed,
    Status.ERROR: errored,
    Status.UNKNOWN: unknown,
}


def fold(
    judged: Iterable[tuple[str, Outcome]],
    *,
    passed_message: str | Callable[[list[tuple[str, Outcome]]], str],
    nothing: str | None = None,
    absent: str | None = None,
    prefix: bool = True,
) -> Outcome:
    """One outcome from many subjects' outcomes: fail > error > unknown > pass.

    With no subject: `not_applicable(absent)` when given, else "nothing to check: `nothing`". Messages of the
    deciding status are joined (`subject: message` when `prefix`), the first SHOWN_SUBJECTS named and the rest
    counted; every piece of evidence keeps its subject. Subjects whose outcome is not_applicable are left out.
    """
    items = [(name, outcome) for name, outcome in judged if outcome.status is not Status.NOT_APPLICABLE]
    if not items:
        if absent is not None:
            return not_applicable(absent)
        return nothing_to_check(nothing or "nothing to judge")
    for status, build in _BUILD.items():
        chosen = [(name, o) for name, o in items if o.status is status]
        if chosen:
            return build(_joined(chosen, prefix), *unique(e for n, o in chosen for e in about(n, o.evidence)))
    message = passed_message if isinstance(passed_message, str) else passed_message(items)
    return passed(message, *unique(e for name, o in items for e in about(name, o.evidence)))


def _joined(chosen: list[tuple[str, Outcome]], prefix: bool) -> str:
    shown = [f"{name}: {o.message}" if prefix else o.message for name, o in chosen[:SHOWN_SUBJECTS]]
    more = len(chosen) - SHOWN_SUBJECTS
    return "; ".join(shown) + (f" (and {more} more)" if more > 0 else "")
