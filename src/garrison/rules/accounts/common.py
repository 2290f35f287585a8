"""Helpers shared by the accounts rules: evidence at one field of an account's or group's line."""

from __future__ import annotations

from garrison.facts.accounts import GroupEntry, PasswdEntry, ShadowEntry
from garrison.model import Dialect, Evidence, Wanted
from garrison.rules.expect import Effective


def field_at(
    entry: PasswdEntry | GroupEntry | ShadowEntry,
    dialect: Dialect,
    key: str,
    actual: str,
    expected: str,
    wanted: Wanted | None = None,
) -> Evidence:
    """Field `key` (uid, shell, password, name, gid) of a line of /etc/passwd, /etc/group or /etc/shadow,
    role SETTING, scope the account's or group's name."""
    at = entry.location
    value = Effective.at(dialect, at.path, key, actual, line=at.line, scope=entry.name)
    return value.cite(expected, wanted=wanted)
