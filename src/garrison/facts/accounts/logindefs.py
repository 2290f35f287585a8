"""/etc/login.defs and pwquality.conf: `KEY value` / `key = value` settings files.

login.defs(5) of shadow 4.13 (Debian 12): one `NAME value` per line, `#` comments, the last definition of a
name wins (getdef.c). pwquality.conf(5) of libpwquality 1.4.5: `name = value`, `#` comments; the main file is
read first, then /etc/security/pwquality.conf.d/*.conf in lexical order, later values win.
Both parsers are pure and never raise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

LOGIN_DEFS_PATH = "/etc/login.defs"
PWQUALITY_PATH = "/etc/security/pwquality.conf"
PWQUALITY_DIR = "/etc/security/pwquality.conf.d"


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    value: str
    location: Location


@dataclass(frozen=True, slots=True)
class Settings:
    """Settings in file order; `get` answers the effective (last) one."""

    entries: tuple[Setting, ...] = ()

    def get(self, key: str, *, case_sensitive: bool = True) -> Setting | None:
        want = key if case_sensitive else key.lower()
        found = None
        for entry in self.entries:
            name = entry.key if case_sensitive else entry.key.lower()
            if name == want:
                found = entry
        return found

    def merged(self, other: Settings) -> Settings:
        return Settings(self.entries + other.entries)


def _content(text: str) -> Iterable[tuple[int, str]]:
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def parse_login_defs(text: str, path: str = LOGIN_DEFS_PATH) -> tuple[Settings, tuple[ParseIssue, ...]]:
    """Pure, never raises. `PASS_MAX_DAYS 99999` -> Settings; a name without a value is an issue."""
    entries: list[Setting] = []
    issues: list[ParseIssue] = []
    for number, line in _content(text):
        parts = line.split(None, 1)
        where = Location(path, number)
        if len(parts) != 2:
            issues.append(ParseIssue(where, f"{shown(parts[0])!r} has no value"))
            continue
        value = parts[1].strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        entries.append(Setting(parts[0], value, where))
    return Settings(tuple(entries)), tuple(issues)


def parse_pwquality(text: str, path: str = PWQUALITY_PATH) -> tuple[Settings, tuple[ParseIssue, ...]]:
    """Pure, never raises. `minlen = 12` (or a bare flag such as `enforce_for_root`) -> Settings."""
    entries: list[Setting] = []
    issues: list[ParseIssue] = []
    for number, line in _content(text):
        key, _, value = line.partition("=")
        if "=" not in line:
            key, _, value = line.partition(" ")
        key = key.strip()
        if not key or " " in key:
            issues.append(ParseIssue(Location(path, number), "not a `name = value` line"))
            continue
        entries.append(Setting(key, value.strip(), Location(path, number)))
    return Settings(tuple(entries)), tuple(issues)
