"""Wording shared by every rule's messages and evidence: counts with the right plural, plain lists, modes
and owners written one way, vacuous passes, evidence without repeats.

Report text is read by an administrator, not a Python programmer: a rule never puts `str()` or `repr()` of
a collection, `None` or a bool into a message. It joins items with `listing`, counts with `plural`, shows a
file's permissions with `permissions` (`0640 root:ssl-cert`) and, when it passes only because there was
nothing to look at, says so with `nothing_to_check` instead of asserting the property.
"""

from __future__ import annotations

from collections.abc import Iterable

from garrison.facts.accounts.names import OwnerNames
from garrison.model import Evidence, Outcome, passed

NOTHING_TO_CHECK = "nothing to check: "


def agree(count: int, singular: str, many: str | None = None) -> str:
    """The form of a noun, verb or phrase that agrees with `count` (`is`/`are`); `many` defaults to +"s"."""
    return singular if count == 1 else (many if many is not None else singular + "s")


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`1 unit`, `2 units`, `0 units`; give `many` for irregular forms (`1 directory`, `3 directories`)."""
    return f"{count} {agree(count, singular, many)}"


def counted(count: int, singular: str, verb: str, verb_many: str, many: str | None = None) -> str:
    """A counted subject with its verb: `1 file is`, `2 files are` (`counted(n, "file", "is", "are")`)."""
    return f"{plural(count, singular, many)} {agree(count, verb, verb_many)}"


def listing(items: Iterable[object], *, limit: int | None = None) -> str:
    """`a, b, c`: each item as text; past `limit` items, `a, b and 3 more`."""
    texts = [str(item) for item in items]
    if limit is None or len(texts) <= limit:
        return ", ".join(texts)
    return f"{', '.join(texts[:limit])} and {len(texts) - limit} more"


def mode(value: int) -> str:
    """Permission bits as four octal digits: `0640`, `1777`."""
    return f"{value & 0o7777:04o}"


def permissions(value: int, uid: int, gid: int | None, names: OwnerNames | None = None) -> str:
    """A file's mode and owner as every rule shows them: `0640 root:ssl-cert` (numbers only without names)."""
    return f"{mode(value)} {(names or OwnerNames()).owner(uid, gid)}"


def nothing_to_check(reason: str, *evidence: Evidence) -> Outcome:
    """A pass that found nothing to judge: `nothing to check: no unit runs a network service`."""
    return passed(NOTHING_TO_CHECK + reason, *evidence)


def unique(items: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Evidence without repeats (the same location, actual and expected twice says nothing more)."""
    return tuple(dict.fromkeys(items))
