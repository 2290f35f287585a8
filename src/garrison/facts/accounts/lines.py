"""Physical lines to logical ones, shared by the accounts parsers (sudoers, PAM, passwd, group, shadow).

    joined_lines(text, keep_double_backslash=...) -> [(first line number, line with continuations joined)]
    colon_records(text, path, count, issues) -> [(where, fields)] of a colon-separated database

Pure, never raise.
"""

from __future__ import annotations

from garrison.model import Location, ParseIssue


def joined_lines(text: str, *, keep_double_backslash: bool) -> list[tuple[int, str]]:
    """A trailing backslash joins a line to the next (with a space); `\\r` before the newline is dropped.
    `keep_double_backslash`: a line ending in an escaped backslash (`\\\\`, sudoers) does not continue."""
    if "\\" not in text and "\r" not in text:  # no continuation line, nothing to strip: the lines as they are
        return list(enumerate(text.split("\n"), start=1))
    result: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not pending:
            start = number
        if line.endswith("\\") and not (keep_double_backslash and line.endswith("\\\\")):
            pending += line[:-1] + " "
            continue
        result.append((start, pending + line))
        pending = ""
    if pending:
        result.append((start, pending))
    return result


def colon_records(
    text: str, path: str, count: int, issues: list[ParseIssue]
) -> list[tuple[Location, list[str]]]:
    """The `count` colon-separated fields of each line of /etc/passwd, /etc/group or /etc/shadow, skipping
    blank lines, `#` comments and NIS `+`/`-` entries; a line with another number of fields is an issue in
    `issues`."""
    found: list[tuple[Location, list[str]]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#") or line[0] in "+-":
            continue
        where = Location(path, number)
        fields = line.split(":")
        if len(fields) != count:
            issues.append(ParseIssue(where, f"expected {count} colon-separated fields, found {len(fields)}"))
            continue
        found.append((where, fields))
    return found
