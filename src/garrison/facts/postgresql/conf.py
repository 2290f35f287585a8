"""Parse postgresql.conf / postgresql.auto.conf text with pgtoolkit.conf, one line at a time.

pgtoolkit reads the `name = value` grammar (quotes, escapes, trailing comments, units); feeding it line by
line keeps the line number of every setting and of every `include`, `include_if_exists` and `include_dir`
directive, which the gatherer then resolves through the target. Names are folded to lower case as PostgreSQL
does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from garrison.facts.postgresql.model import PgSetting
from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

_NAME = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.$]*)(.*)$", re.DOTALL)
#: guc-file.l's value tokens besides a quoted string; the lexer takes the longest match.
_TOKENS = (
    # ID, QUALIFIED_ID, UNQUOTED_STRING: [A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff._:/-]*, written as
    # the ASCII left out (the same sets, tested over every code point; the ranges compile 40 times slower)
    re.compile(r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f][^\x00-\x2c\x3b-\x40\x5b-\x5e\x60\x7b-\x7f]*"),
    re.compile(r"[-+]?(?:0x[0-9a-fA-F]+|[0-9]+)[a-zA-Z]*"),  # INTEGER (with a unit)
    re.compile(r"[-+]?[0-9]*\.[0-9]*(?:[Ee][-+]?[0-9]+)?"),  # REAL
)
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.|'')*'")
_BLANK = " \t\r\f\v"


class IncludeKind(StrEnum):
    """postgresql.conf's include directives (PostgreSQL 15, section 20.1.5)."""

    INCLUDE = "include"  # a missing file is an error
    INCLUDE_IF_EXISTS = "include_if_exists"  # a missing file is skipped
    INCLUDE_DIR = "include_dir"  # every *.conf of the directory, in name order


_INCLUDES: dict[str, IncludeKind] = {kind.value: kind for kind in IncludeKind}


@dataclass(frozen=True, slots=True)
class PgInclude:
    kind: IncludeKind
    path: str  # as written
    location: Location


@dataclass(frozen=True, slots=True)
class PgRefused:
    """A `name = value` line whose value the server cannot read: that setting has no readable value."""

    name: str
    location: Location


@dataclass(frozen=True, slots=True)
class PgConfFile:
    settings: tuple[PgSetting, ...]  # in file order, includes not expanded
    includes: tuple[PgInclude, ...]
    order: tuple[
        PgSetting | PgInclude | PgRefused, ...
    ]  # all, in file order (includes apply where they stand)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, timedelta):
        return f"{int(value.total_seconds())}s"
    return str(value)


def value_problem(rest: str) -> str | None:
    """What PostgreSQL's configuration lexer (guc-file.l) refuses in what follows a name: `[=] value`, one
    quoted string or one unquoted token (a word of letters, digits and `_.-:/` starting with a letter, an
    integer with an optional unit, a decimal number), then only a comment. None when it reads."""
    text = rest.lstrip(_BLANK)
    text = text[1:].lstrip(_BLANK) if text.startswith("=") else text
    if not text or text.startswith("#"):
        return "no value after the name"
    if text.startswith("'"):
        found = _QUOTED.match(text)
        if found is None:
            return "unterminated quoted string"
        end = found.end()
    else:
        end = max((m.end() for p in _TOKENS if (m := p.match(text)) is not None), default=0)
        if end == 0:
            return "a value that is neither a quoted string, a word nor a number (quote it)"
    tail = text[end:].lstrip(_BLANK)
    if tail and not tail.startswith("#"):
        return "more than one value, or an unquoted character other than letters, digits and _.-:/ (quote it)"
    return None


def _one_line(raw: str, path: str, number: int) -> tuple[PgSetting | PgInclude | None, ParseIssue | None]:
    from pgtoolkit.conf import Configuration

    stripped = raw.strip()
    if not stripped or stripped.startswith("#"):
        return None, None
    where = Location(path, number)
    match = _NAME.match(stripped)
    if match is None:
        return None, ParseIssue(where, "syntax error: expected name = value")
    name = match.group(1).lower()
    rest = match.group(2)
    problem = value_problem(rest)
    if problem is not None:
        if name in _INCLUDES and problem.startswith("no value"):
            return None, ParseIssue(where, f"{name} needs a file or directory name")
        return None, ParseIssue(where, f"syntax error near {shown(name)!r}: {problem}")
    normalized = re.sub(r"[^a-z_.]", "_", name) + rest
    conf = Configuration()
    try:
        found = list(conf.parse([normalized + "\n"]))
    except Exception as exc:  # pgtoolkit raises ValueError, AssertionError or ParseError on bad input
        return None, ParseIssue(where, f"syntax error near {shown(name)!r}: {type(exc).__name__}")
    if found:
        kind = _INCLUDES.get(name)
        if kind is None:  # pgtoolkit reads only these three as includes
            return None, ParseIssue(where, f"syntax error near {shown(name)!r}")
        if not rest.strip().lstrip("=").strip():
            return None, ParseIssue(where, f"{name} needs a file or directory name")
        return PgInclude(kind, str(found[0][0]), where), None
    entry = next(iter(conf.entries.values()), None)
    if entry is None or entry.commented:
        return None, ParseIssue(where, "syntax error: expected name = value")
    return PgSetting(name, _text(entry.value), where), None


def parse_postgresql_conf(text: str, path: str) -> tuple[PgConfFile, tuple[ParseIssue, ...]]:
    """Pure, never raises: the file's settings and include directives in order, and its syntax errors."""
    order: list[PgSetting | PgInclude | PgRefused] = []
    issues: list[ParseIssue] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        item, issue = _one_line(raw, path, number)
        if issue is not None:
            issues.append(issue)
            named = _NAME.match(raw.strip())
            if named is not None and named.group(1).lower() not in _INCLUDES:
                order.append(PgRefused(named.group(1).lower(), issue.location))
        elif item is not None:
            order.append(item)
    settings = tuple(i for i in order if isinstance(i, PgSetting))
    includes = tuple(i for i in order if isinstance(i, PgInclude))
    return PgConfFile(settings, includes, tuple(order)), tuple(issues)
