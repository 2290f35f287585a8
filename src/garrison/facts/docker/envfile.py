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
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
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


def _closing(text: str, start: int) -> int:
    """Index of the `}` closing the `${` that opens at `start` (nested `${...}` allowed), or -1."""
    depth = 0
    index = start
    while index < len(text):
        if text.startswith("${", index):
            depth += 1
            index += 2
            continue
        if text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _braced(body: str, env: Mapping[str, str]) -> tuple[str | None, bool]:
    """The value of `${body}`; (None, True) when unresolved."""
    match = _BRACED.match(body)
    if match is None:
        return None, True
    name, op, arg = match.group(1), match.group(2) or "", match.group(3) or ""
    value = env.get(name)
    if op in (":-", "-"):
        if value is not None and (bool(value) if op == ":-" else True):
            return value, False
        return interpolate(arg, env)
    if op in (":+", "+"):
        chosen = bool(value) if op == ":+" else value is not None
        return interpolate(arg, env) if chosen else ("", False)
    return (value, False) if value is not None else (None, True)


def interpolate(text: str, env: Mapping[str, str]) -> tuple[str, bool]:
    """Substitute variables; returns (text, unresolved). Pure, never raises (nesting is bounded by text)."""
    out: list[str] = []
    unresolved = False
    index = 0
    while index < len(text):
        char = text[index]
        if char != "$" or index + 1 >= len(text):
            out.append(char)
            index += 1
            continue
        following = text[index + 1]
        if following == "$":
            out.append("$")
            index += 2
        elif following == "{":
            end = _closing(text, index)
            if end < 0:
                out.append(text[index:])
                return "".join(out), True
            value, missing = _braced(text[index + 2 : end], env)
            unresolved = unresolved or missing
            out.append(text[index : end + 1] if value is None else value)
            index = end + 1
        elif match := _NAME.match(text, index + 1):
            value = env.get(match.group(0))
            unresolved = unresolved or value is None
            out.append(text[index : match.end()] if value is None else value)
            index = match.end()
        else:
            out.append(char)
            index += 1
    return "".join(out), unresolved
