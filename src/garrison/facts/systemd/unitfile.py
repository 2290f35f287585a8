"""Parse one systemd unit file or drop-in (systemd.syntax(7), systemd 252).

The format: `[Section]` headers, `Key=Value` assignments (whitespace around `=` is dropped), comment lines
starting with `#` or `;`, and continuation lines: a line ending in a backslash goes on with the next line, the
backslash becoming a space (comment lines inside a continuation are skipped). systemd warns about and skips a
line it cannot read; the parser does the same and reports it as a `ParseIssue`, so a rule can say the unit
does not mean what it seems to.
"""

from __future__ import annotations

from garrison.facts.quoting import shown
from garrison.facts.systemd.model import UnitAssignment
from garrison.model import Location, ParseIssue

_MAX_LINE = 1 << 20


def parse_unit_file(text: str, path: str) -> tuple[tuple[UnitAssignment, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises: `(assignments in file order, issues)`.

    Each assignment carries its section (`"Service"`), key, value (continuations joined) and the line where
    the assignment starts.
    """
    assignments: list[UnitAssignment] = []
    issues: list[ParseIssue] = []
    section: str | None = None
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if pending:
            if line.startswith(("#", ";")):
                continue
            if line.endswith("\\"):
                pending.append(line[:-1])
                continue
            pending.append(line)
            _assignment(" ".join(pending), section, path, start, assignments, issues)
            pending = []
            continue
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            if not line.endswith("]") or len(line) < 3:
                issues.append(ParseIssue(Location(path, number), "malformed section header"))
                section = None
                continue
            section = line[1:-1]
            continue
        if line.endswith("\\"):
            pending = [line[:-1]]
            start = number
            continue
        _assignment(line, section, path, number, assignments, issues)
    if pending:
        _assignment(" ".join(pending), section, path, start, assignments, issues)
    return tuple(assignments), tuple(issues)


def _assignment(
    line: str,
    section: str | None,
    path: str,
    number: int,
    assignments: list[UnitAssignment],
    issues: list[ParseIssue],
) -> None:
    where = Location(path, number)
    if len(line) > _MAX_LINE:
        issues.append(ParseIssue(where, "line too long"))
        return
    key, sep, value = line.partition("=")
    key = key.strip()
    if not sep or not key:
        issues.append(ParseIssue(where, "not a Key=Value assignment (systemd ignores this line)"))
        return
    if section is None:
        issues.append(ParseIssue(where, f"assignment to {shown(key)} outside any [Section]"))
        return
    if not _utf8_clean(line):
        issues.append(ParseIssue(where, f"{shown(key)}= is not UTF-8 clean (systemd ignores the assignment)"))
        return
    assignments.append(UnitAssignment(section, key, value.strip(), where))


def _utf8_clean(line: str) -> bool:
    """False when the line holds a byte that is not UTF-8 (kept as a lone surrogate by the target)."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
