"""APT's package sources (sources.list(5), apt 2.6 in Debian 12): one-line and deb822 entries.

Files: /etc/apt/sources.list, then /etc/apt/sources.list.d/ in lexical order — `*.list` (one-line) and
`*.sources` (deb822); names made of `A-Za-z0-9_.-` only, others are ignored by apt.
One-line: `deb [ key=value ... ] uri suite [component ...]`; `#` starts a comment anywhere on the line.
deb822: stanzas of `Types`, `URIs`, `Suites`, `Components`, `Enabled` and the options (`Trusted`,
`Allow-Insecure`, `Signed-By`, ...), parsed with python-debian's deb822 reader; lines starting with `#` are
comments, a continuation line starts with a blank. Option names are kept lower-case in one spelling
(`allow-insecure`). apt's booleans (StringToBool): yes/true/with/on/enable and non-zero numbers. The
parsers are pure and never raise. (python-debian's deb822 reader would do, but importing it costs 65 ms
of an audit's 500 ms; the fields needed here are plain words.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from garrison.model import Dialect, Location, ParseIssue, SettingRef

SOURCES_LIST = "/etc/apt/sources.list"
SOURCES_DIR = "/etc/apt/sources.list.d"
_NAME_OK = re.compile(r"^[A-Za-z0-9_.\-]+\.(list|sources)$")
_TRUE = frozenset({"yes", "true", "with", "on", "enable"})
_FALSE = frozenset({"no", "false", "without", "off", "disable"})
_TYPES = frozenset({"deb", "deb-src"})
#: The entry options that turn off or weaken signature checking of a repository (sources.list(5)).
INSECURE_OPTIONS = ("trusted", "allow-insecure", "allow-weak", "allow-downgrade-to-insecure")
_STRUCTURE = frozenset({"types", "uris", "suites", "components", "enabled"})


def apt_bool(value: str) -> bool | None:
    """apt's StringToBool: True, False, or None for a word it does not know."""
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    if word.isdigit():
        return int(word) != 0
    return None


def sources_file_wanted(name: str) -> bool:
    """Whether apt reads a file of that name in sources.list.d."""
    return _NAME_OK.match(name) is not None


@dataclass(frozen=True, slots=True)
class AptSource:
    """One enabled-or-not entry: a one-line `deb` line or a deb822 stanza (its first line)."""

    types: tuple[str, ...]
    uris: tuple[str, ...]
    suites: tuple[str, ...]
    components: tuple[str, ...]
    location: Location
    enabled: bool = True
    options: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    option_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    deb822: bool = False

    @property
    def binary(self) -> bool:
        return self.enabled and "deb" in self.types

    def flag(self, name: str) -> bool:
        """Whether a boolean option (`trusted`, `allow-insecure`, ...) is on."""
        value = self.options.get(name)
        return value is not None and apt_bool(value) is True

    def security_suites(self) -> tuple[str, ...]:
        """Suites of a security archive: `<codename>-security` (Debian 11+, Ubuntu), or `<codename>/updates`
        on a security host (Debian 10 and older)."""
        old_style = any("security" in uri for uri in self.uris)
        return tuple(
            s for s in self.suites if s.endswith("-security") or (old_style and s.endswith("/updates"))
        )

    def option_location(self, name: str) -> Location:
        return Location(self.location.path, self.option_lines.get(name, self.location.line))

    def option_setting(self, name: str) -> SettingRef:
        """The option as a setting: its field (deb822) or the entry's `[...]` option (one-line)."""
        key = _DEB822_NAMES.get(name, name) if self.deb822 else name
        return SettingRef(Dialect.APT_SOURCES, self.location.path, key, self.describe())

    def describe(self) -> str:
        """`http://deb.debian.org/debian bookworm` for messages and scopes."""
        return " ".join([*self.uris[:1], *self.suites[:2]]) or "(empty entry)"


_DEB822_NAMES = {
    "trusted": "Trusted",
    "allow-insecure": "Allow-Insecure",
    "allow-weak": "Allow-Weak",
    "allow-downgrade-to-insecure": "Allow-Downgrade-To-Insecure",
}


#: Suite names that follow the releases (a `stable-security` entry is the current release's).
RELEASE_ALIASES = frozenset({"stable", "oldstable", "oldoldstable", "testing"})


@dataclass(frozen=True, slots=True)
class AptSources:
    entries: tuple[AptSource, ...] = ()
    files: tuple[str, ...] = ()  # the files read, in apt's order
    codename: str | None = None  # os-release's VERSION_CODENAME (or UBUNTU_CODENAME): bookworm, jammy

    def for_this_release(self, entry: AptSource) -> bool:
        """The entry's security suites include this release's (or an alias); True when the release is not
        known."""
        if not self.codename:
            return True
        bases = {s.removesuffix("-security").removesuffix("/updates") for s in entry.security_suites()}
        return self.codename in bases or bool(bases & RELEASE_ALIASES)

    @property
    def enabled(self) -> tuple[AptSource, ...]:
        return tuple(e for e in self.entries if e.binary)


def _options(text: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for item in text.split():
        key, eq, value = item.partition("=")
        if eq:
            options[key.rstrip("+-").lower()] = value
    return options


def _one_line(line: str, where: Location, enabled: bool) -> AptSource | str:
    """One `deb [options] uri suite [component...]` entry (comment already cut), or what is wrong with it."""
    kind, _, rest = line.partition(" ")
    options: dict[str, str] = {}
    rest = rest.strip()
    if rest.startswith("["):
        inner, close, rest = rest[1:].partition("]")
        if not close:
            return "malformed entry: `[` without `]`"
        options = _options(inner)
    words = rest.split()
    if kind not in _TYPES or len(words) < 2:
        return "malformed entry: not `deb uri suite`"
    return AptSource(
        (kind,),
        (words[0],),
        (words[1],),
        tuple(words[2:]),
        where,
        enabled,
        MappingProxyType(options),
        MappingProxyType(dict.fromkeys(options, where.line or 0)),
    )


def parse_sources_list(text: str, path: str) -> tuple[tuple[AptSource, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises. One-line sources.list text -> entries (deb and deb-src), issues.

    A commented-out entry (`# deb http://... bookworm-security main`) is kept as a disabled entry, so a
    rule can cite the line that would enable it; other comments are dropped."""
    entries: list[AptSource] = []
    issues: list[ParseIssue] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        where = Location(path, number)
        line = raw.split("#", 1)[0].strip()
        if not line:
            commented = raw.strip().lstrip("#").split("#", 1)[0].strip()
            found = _one_line(commented, where, False) if commented.startswith("deb") else None
            if isinstance(found, AptSource):
                entries.append(found)
            continue
        entry = _one_line(line, where, True)
        if isinstance(entry, str):
            issues.append(ParseIssue(where, entry))
        else:
            entries.append(entry)
    return tuple(entries), tuple(issues)


def _stanzas(text: str) -> list[tuple[int, dict[str, str], dict[str, int], int | None]]:
    """(first line, field name -> value with continuation lines joined, field name -> line, the line of
    the first line that is no field) for each stanza; names lower-case."""
    stanzas: list[tuple[int, dict[str, str], dict[str, int], int | None]] = []
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    bad: int | None = None
    start = 0
    last = ""
    for number, raw in enumerate([*text.splitlines(), ""], start=1):
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if values or bad:
                stanzas.append((start, values, lines, bad))
            values, lines, bad, last = {}, {}, None, ""
            continue
        if not values and bad is None:
            start = number
        if raw[0] in " \t" and last:
            values[last] = f"{values[last]} {raw.strip()}".strip()
            continue
        key, colon, value = raw.partition(":")
        if not colon or not key.strip() or raw[0] in " \t":
            bad = number if bad is None else bad
            continue
        last = key.strip().lower()
        values[last] = value.strip()
        lines.setdefault(last, number)
    return stanzas


def parse_sources_deb822(text: str, path: str) -> tuple[tuple[AptSource, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises. deb822 .sources text -> one entry per stanza, issues (apt refuses the file)."""
    entries: list[AptSource] = []
    issues: list[ParseIssue] = []
    for start, fields, field_lines, bad in _stanzas(text):
        where = Location(path, start)
        if bad is not None:
            issues.append(ParseIssue(Location(path, bad), "malformed stanza: not a `Field: value` line"))
            continue
        types, uris, suites = (tuple(fields.get(k, "").split()) for k in ("types", "uris", "suites"))
        missing = [k for k, v in (("Types", types), ("URIs", uris), ("Suites", suites)) if not v]
        if missing:
            issues.append(ParseIssue(where, f"malformed stanza: no {' or '.join(missing)}"))
            continue
        enabled = apt_bool(fields.get("enabled", "yes")) is not False
        options = {k: v for k, v in fields.items() if k not in _STRUCTURE}
        entries.append(
            AptSource(
                types,
                uris,
                suites,
                tuple(fields.get("components", "").split()),
                where,
                enabled,
                MappingProxyType(options),
                MappingProxyType({k: field_lines.get(k, start) for k in options}),
                deb822=True,
            )
        )
    return tuple(entries), tuple(issues)
