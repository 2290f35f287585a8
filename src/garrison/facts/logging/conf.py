"""systemd's own configuration files: journald.conf, timesyncd.conf, journal-upload.conf and their drop-ins.

systemd.syntax(7) and journald.conf(5) of systemd 252 (Debian 12): `[Section]` headers, `Key=Value`
assignments, `#` and `;` comment lines, a trailing backslash continues a line. The main file is
/etc/systemd/<name> (systemd 254 and later, Debian 13's 257, also take it from /run, /usr/local/lib and
/usr/lib, first found); drop-ins are `<name>.d/*.conf` in /etc/systemd, /run/systemd, /usr/local/lib/systemd
and /usr/lib/systemd, sorted by file name whatever their directory, a name in an earlier directory hiding the
same name in a later one, a link to /dev/null or an empty file disabling it. Drop-ins override the main file;
for a single-valued option the last assignment wins.

    parse_conf(text, path) -> ((ConfEntry(section, key, value, location), ...), issues)
    commented_settings(text) -> {"Storage": 18}     # `#Storage=auto`: where an absent option is cited

`parse_conf`, `commented_settings` and `dropin_order` are pure and never raise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

CONF_DIRS: tuple[str, ...] = ("/etc/systemd", "/run/systemd", "/usr/local/lib/systemd", "/usr/lib/systemd")


@dataclass(frozen=True, slots=True)
class ConfEntry:
    section: str
    key: str
    value: str
    location: Location


def _logical(text: str) -> Iterable[tuple[int, str]]:
    pending, start = "", 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not pending:
            start = number
            if line.lstrip().startswith(("#", ";")):
                continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, pending + line
        pending = ""
    if pending:
        yield start, pending


def parse_conf(text: str, path: str) -> tuple[tuple[ConfEntry, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises. Every assignment in file order with its section; a line that is neither a
    section header nor `Key=Value` is an issue (systemd logs and skips it)."""
    entries: list[ConfEntry] = []
    issues: list[ParseIssue] = []
    section = ""
    for number, line in _logical(text):
        body = line.strip()
        if not body:
            continue
        where = Location(path, number)
        if body.startswith("[") and body.endswith("]"):
            section = body[1:-1].strip()
            continue
        key, eq, value = body.partition("=")
        if not eq or not key.strip():
            issues.append(ParseIssue(where, f"not a Key=Value assignment: {shown(body)!r}"))
            continue
        entries.append(ConfEntry(section, key.strip(), value.strip(), where))
    return tuple(entries), tuple(issues)


_COMMENTED = re.compile(r"^[#;]\s*([A-Za-z][A-Za-z0-9]*)=")


def commented_settings(text: str) -> dict[str, int]:
    """The first commented-out assignment of each option (`#Storage=auto`, as systemd ships its main
    files): the line an absent option is cited at."""
    found: dict[str, int] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        match = _COMMENTED.match(raw.strip())
        if match is not None:
            found.setdefault(match.group(1), number)
    return found


def dropin_order(found: Sequence[tuple[str, str]]) -> list[str]:
    """`(directory, file name)` pairs in `CONF_DIRS` order -> the drop-in paths systemd reads, in order: by
    file name, the first directory's file of a name hiding the others."""
    chosen: dict[str, str] = {}
    for directory, name in found:
        chosen.setdefault(name, f"{directory}/{name}")
    return [chosen[name] for name in sorted(chosen)]


def last_value(entries: Sequence[ConfEntry], section: str, key: str) -> ConfEntry | None:
    """The assignment that wins for a single-valued option: the last one in `section`."""
    found = None
    for entry in entries:
        if entry.section == section and entry.key == key:
            found = entry
    return found


def list_value(entries: Sequence[ConfEntry], section: str, key: str) -> tuple[list[str], ConfEntry | None]:
    """A space-separated list option: assignments add to it, an empty one resets it. Returns the words and
    the last assignment (None when never assigned)."""
    words: list[str] = []
    last = None
    for entry in entries:
        if entry.section == section and entry.key == key:
            words = words + entry.value.split() if entry.value else []
            last = entry
    return words, last
