"""Compose-style `.env` files and `${VAR}` interpolation (Compose specification, "Interpolation").

`parse_env_file(text, path)` reads `KEY=VALUE` lines (optional `export `, quotes, `#` comments) and is pure
and never raises: a line it cannot read becomes a `ParseIssue`. Values whose name looks like a secret are
not kept: the model holds only a `SecretSummary`.

`interpolate(text, env)` substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
`${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}` and `$$`; a variable that is neither in `env` nor defaulted leaves
the value unresolved (offline Garrison cannot see the shell environment docker compose would use).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from garrison.facts.secrets.shape import (
    MTPROTO_SECRET_NAMES,
    SECRET_NAME,
    SecretSummary,
    summarise_mtproto_secret,
    summarise_secret,
)
from garrison.model import Location, ParseIssue

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*=\s?(.*)$")
_VAR = re.compile(r"\$(?:\$|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
_BRACED = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$", re.S)


@dataclass(frozen=True, slots=True)
class EnvEntry:
    """One variable. `value` is None when the name looks like a secret; `secret` then describes it."""

    name: str
    line: int
    value: str | None
    secret: SecretSummary | None = None
    unresolved: bool = False


@dataclass(frozen=True, slots=True)
class EnvFile:
    path: str
    entries: tuple[EnvEntry, ...]
    issues: tuple[ParseIssue, ...] = ()

    def get(self, name: str) -> EnvEntry | None:
        found = [e for e in self.entries if e.name == name]
        return found[-1] if found else None


def make_entry(name: str, line: int, value: str, unresolved: bool = False) -> EnvEntry:
    if name.upper() in MTPROTO_SECRET_NAMES:
        return EnvEntry(name, line, None, summarise_mtproto_secret(value.split(",")[0]), unresolved)
    if SECRET_NAME.match(name):
        return EnvEntry(name, line, None, summarise_secret(value), unresolved)
    return EnvEntry(name, line, value, None, unresolved)


def _unquote(raw: str) -> str:
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return re.sub(r"\s+#.*$", "", text)


def parse_env_file(text: str, path: str) -> tuple[EnvFile, tuple[ParseIssue, ...]]:
    """`.env` text -> EnvFile; pure, never raises."""
    entries: list[EnvEntry] = []
    issues: list[ParseIssue] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            issues.append(ParseIssue(Location(path, number), "not a KEY=VALUE line"))
            continue
        entries.append(make_entry(match.group(1), number, _unquote(match.group(2))))
    return EnvFile(path, tuple(entries), tuple(issues)), tuple(issues)


def raw_values(text: str) -> dict[str, str]:
    """The plain KEY -> VALUE map of an env file, for interpolation only (never stored in facts)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match and not line.strip().startswith("#"):
            values[match.group(1)] = _unquote(match.group(2))
    return values


def interpolate(text: str, env: Mapping[str, str]) -> tuple[str, bool]:
    """Substitute variables; returns (text, unresolved). Pure, never raises."""
    unresolved = False

    def substitute(match: re.Match[str]) -> str:
        nonlocal unresolved
        if match.group(0) == "$$":
            return "$"
        body = match.group(1) if match.group(1) is not None else match.group(2)
        braced = _BRACED.match(body or "")
        if braced is None:
            unresolved = True
            return match.group(0)
        name, op, arg = braced.group(1), braced.group(2) or "", braced.group(3) or ""
        value = env.get(name)
        is_set = value is not None
        non_empty = bool(value)
        if op in (":-", "-"):
            if (non_empty if op == ":-" else is_set) and value is not None:
                return value
            inner, inner_unresolved = interpolate(arg, env)
            unresolved = unresolved or inner_unresolved
            return inner
        if op in (":+", "+"):
            return arg if (non_empty if op == ":+" else is_set) else ""
        if value is None:
            unresolved = True
            return match.group(0)
        return value

    result = _VAR.sub(substitute, text)
    return result, unresolved
