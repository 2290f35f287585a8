"""Gatherers for the accounts facts: thin I/O around the pure parsers of this package."""

from __future__ import annotations

from collections.abc import Sequence

from garrison.errors import FileMissing
from garrison.facts.accounts.passwd import GROUP_PATH, PASSWD_PATH, AccountsFacts, parse_group, parse_passwd
from garrison.facts.store import FactError, SubjectAbsent
from garrison.model import ParseIssue
from garrison.target.base import Target


def raise_first(issues: Sequence[ParseIssue]) -> None:
    """Turn the first parse issue into a `FactError` at its file:line (rules then report `error`)."""
    if issues:
        first = issues[0]
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        raise FactError(first.message + more, first.location)


def read_optional(target: Target, path: str) -> str | None:
    """The file's text, None when it does not exist; other read problems propagate (-> FactError)."""
    try:
        return target.read_text(path)
    except FileMissing:
        return None


def gather_accounts(target: Target) -> AccountsFacts:
    passwd_text = read_optional(target, PASSWD_PATH)
    if passwd_text is None:
        raise SubjectAbsent(f"{PASSWD_PATH} does not exist on this target")
    users, passwd_issues = parse_passwd(passwd_text, PASSWD_PATH)
    raise_first(passwd_issues)
    group_text = read_optional(target, GROUP_PATH)
    groups, group_issues = parse_group(group_text or "", GROUP_PATH)
    raise_first(group_issues)
    return AccountsFacts(users=users, groups=groups)
