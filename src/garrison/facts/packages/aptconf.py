"""APT configuration (apt.conf(5), apt 2.6 in Debian 12) as flat `A::B::C` settings in reading order.

Syntax: `Name::Sub "value";` (a string has no escapes and ends on its line, else apt refuses the whole
configuration), scopes `Name { Sub "value"; };`, lists `Name { "a"; "b"; };`, comments `//`,
`/* */` and `#` (outside quotes), directives `#include "file";` (not followed: rarely used in apt.conf.d)
and `#clear Name::Sub;`. Names are case-insensitive. Files: /etc/apt/apt.conf.d/* in lexical order — only
names made of `A-Za-z0-9_.-` with no extension or `.conf`, minus apt's silently ignored backup suffixes —
then /etc/apt/apt.conf. `parse_apt_conf` is pure and never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.effective import Effective
from garrison.model import Dialect, Location, ParseIssue

APT_CONF = "/etc/apt/apt.conf"
APT_CONF_DIR = "/etc/apt/apt.conf.d"
#: Where the periodic settings belong when unset (what `dpkg-reconfigure unattended-upgrades` writes).
AUTO_UPGRADES_FILE = "/etc/apt/apt.conf.d/20auto-upgrades"
#: apt 2.6's apt.systemd.daily defaults for the APT::Periodic settings it reads.
PERIODIC_DEFAULTS = {
    "APT::Periodic::Enable": "1",
    "APT::Periodic::Update-Package-Lists": "0",
    "APT::Periodic::Unattended-Upgrade": "0",
}
_NAME_OK = re.compile(r"^[A-Za-z0-9_.\-]+$")
_IGNORED = re.compile(r"(~|\.disabled|\.bak|\.dpkg-[a-z]+|\.ucf-[a-z]+|\.save|\.orig|\.distUpgrade)$")
_TOKEN = re.compile(r'"[^"\n]*"|\{|\}|;|[^\s{};"]+')
#: apt's words for it; apt-config and every apt command then fail on the whole configuration.
UNTERMINATED = 'syntax error: a quote is not closed on its line (apt: "Extra junk at end of file")'


@dataclass(frozen=True, slots=True)
class AptSetting:
    key: str  # "APT::Periodic::Unattended-Upgrade" as written (a list item ends in "::")
    value: str | None  # None: `#clear` of this key and everything below it
    location: Location


@dataclass(frozen=True, slots=True)
class AptConfig:
    settings: tuple[AptSetting, ...] = ()
    files: tuple[str, ...] = ()

    def get(self, key: str) -> AptSetting | None:
        """The effective setting for `key` (case-insensitive), None when unset or cleared."""
        want = key.lower()
        found = None
        for setting in self.settings:
            name = setting.key.lower()
            if setting.value is None and (want == name or want.startswith(name + "::")):
                found = None
            elif name == want:
                found = setting
        return found

    def effective(self, key: str, default: str, home: str = AUTO_UPGRADES_FILE) -> Effective[str]:
        """`key`'s effective value, `default` when unset (cited at `home`); `#clear` leaves an empty one."""
        found = self.get(key)
        if found is None:
            return Effective.default(Dialect.APT, home, key, default)
        at = found.location
        return Effective.at(Dialect.APT, at.path, key, found.value or "", line=at.line)

    def periodic(self, key: str) -> Effective[str]:
        """An APT::Periodic setting apt.systemd.daily reads, with its default."""
        return self.effective(key, PERIODIC_DEFAULTS[key])


def apt_conf_file_wanted(name: str) -> bool:
    """Whether apt reads a file of that name in apt.conf.d (fileutl.cc GetListOfFilesInDir rules)."""
    if not _NAME_OK.match(name) or _IGNORED.search(name):
        return False
    return "." not in name or name.endswith(".conf")


def _strip_comments(text: str) -> tuple[str, int | None]:
    """Blank out comments, keeping newlines (for line numbers) and quoted strings; also the line of the first
    quote not closed on its own line (apt has no escapes in strings and no strings across lines)."""
    out: list[str] = []
    index, size = 0, len(text)
    in_block = False
    unclosed: int | None = None
    while index < size:
        char = text[index]
        if in_block:
            if text.startswith("*/", index):
                in_block = False
                index += 2
                continue
            out.append("\n" if char == "\n" else " ")
        elif char == '"':
            end = text.find('"', index + 1)
            newline = text.find("\n", index + 1)
            if unclosed is None and (end < 0 or 0 <= newline < end):
                unclosed = text.count("\n", 0, index) + 1
            end = size - 1 if end < 0 else end
            out.append(text[index : end + 1])
            index = end + 1
            continue
        elif text.startswith("/*", index):
            in_block = True
            index += 2
            continue
        elif text.startswith("//", index) or (
            char == "#" and not re.match(r"#(include|clear)\b", text[index:])
        ):
            end = text.find("\n", index)
            index = size if end < 0 else end
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out), unclosed


def parse_apt_conf(text: str, path: str) -> tuple[tuple[AptSetting, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises. apt.conf text -> flat settings in order, issues."""
    clean, unclosed = _strip_comments(text)
    if unclosed is not None:
        return (), (ParseIssue(Location(path, unclosed), UNTERMINATED),)
    tokens = [(clean.count("\n", 0, m.start()) + 1, m.group()) for m in _TOKEN.finditer(clean)]
    settings: list[AptSetting] = []
    issues: list[ParseIssue] = []
    scopes: list[str] = []
    pending: list[tuple[int, str]] = []

    def full(name: str) -> str:
        return "::".join([*scopes, name]) if name else "::".join(scopes) + "::"

    for number, token in tokens:
        where = Location(path, number)
        if token == "{":
            scopes.append(pending[0][1].strip('"') if pending else "")
            pending = []
        elif token == "}":
            if not scopes:
                issues.append(ParseIssue(where, "unbalanced `}`"))
                continue
            scopes.pop()
            pending = []
        elif token == ";":
            words = [w for _, w in pending]
            line = pending[0][0] if pending else number
            pending = []
            if not words:
                continue
            if words[0] == "#clear" and len(words) == 2:
                settings.append(AptSetting(words[1].strip('"'), None, Location(path, line)))
            elif words[0] == "#include":
                continue
            elif len(words) == 1 and words[0].startswith('"'):
                settings.append(AptSetting(full(""), words[0][1:-1], Location(path, line)))
            elif len(words) == 2:
                settings.append(AptSetting(full(words[0]), words[1].strip('"'), Location(path, line)))
            else:
                issues.append(ParseIssue(Location(path, line), 'expected `Name "value";`'))
        else:
            pending.append((number, token))
    if scopes or pending:
        issues.append(ParseIssue(Location(path, tokens[-1][0] if tokens else 1), "unterminated statement"))
    return tuple(settings), tuple(issues)
