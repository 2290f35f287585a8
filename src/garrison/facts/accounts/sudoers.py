"""sudoers(5) of sudo 1.9.13 (Debian 12): Defaults, aliases, user specifications and include directives.

`parse_sudoers` is pure and never raises; it returns one file's items in order and leaves `@include` /
`@includedir` (and the old `#include` / `#includedir` spellings) to the gatherer, which follows them the way
sudo does (relative paths are relative to the including file's directory; an included directory's files are
read in lexical order, skipping names that end in `~` or contain a `.`).

Per the man page, tags (`NOPASSWD:` ...) and the Runas list carry over to the following commands of the same
list until overridden, and `#` starts a comment unless it introduces a uid (`#1000`) or an include.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from garrison.facts.accounts.lines import joined_lines
from garrison.facts.accounts.sudolex import strip_comment
from garrison.model import Location, ParseIssue

SUDOERS_PATH = "/etc/sudoers"
#: sudo's own words for it; visudo -c refuses the file.
UNCLOSED_STRING = "syntax error: unexpected line break in string (a double quote is never closed)"


class AliasKind(StrEnum):
    """The four kinds of sudoers alias (sudoers(5) Alias); `Cmd_Alias` is a synonym of `Cmnd_Alias`."""

    USER = "User_Alias"
    RUNAS = "Runas_Alias"
    HOST = "Host_Alias"
    CMND = "Cmnd_Alias"


#: The words that start an alias definition, with the kind each defines.
ALIAS_KINDS: dict[str, AliasKind] = {kind.value: kind for kind in AliasKind} | {"Cmd_Alias": AliasKind.CMND}
TAGS = frozenset(
    {
        "NOPASSWD", "PASSWD", "NOEXEC", "EXEC", "SETENV", "NOSETENV", "LOG_INPUT", "NOLOG_INPUT",
        "LOG_OUTPUT", "NOLOG_OUTPUT", "MAIL", "NOMAIL", "FOLLOW", "NOFOLLOW", "INTERCEPT", "NOINTERCEPT",
    }
)  # fmt: skip
_OPTION = re.compile(r"^(ROLE|TYPE|TIMEOUT|CWD|CHROOT|NOTBEFORE|NOTAFTER|APPARMOR_PROFILE)=\S*\s*")
_INCLUDE = re.compile(r"^[@#](include|includedir)\s+(.+)$")
_DEFAULTS = re.compile(r"^Defaults(?:([@:!>])(\S+))?(?:\s+(.*))?$")
_HOST_SECTION = re.compile(r":\s*([\w.+!,\-* ]+?)\s*=")
_TAG_BEFORE = re.compile(r"\b(" + "|".join(sorted(TAGS)) + r")\s*$")
_TRACKED = re.compile(r'["()\\]')  # what `_split` must follow: quotes, parentheses, escapes
_COMMA = re.compile(r"\s*,\s*")
_PASSWORD_TAGS = {"NOPASSWD": True, "PASSWD": False}


@dataclass(frozen=True, slots=True)
class SudoInclude:
    path: str  # as written (may be relative)
    directory: bool
    location: Location


class DefaultsScope(StrEnum):
    """What a Defaults line is bound to, by the character after `Defaults` (sudoers(5) Defaults_Type)."""

    GLOBAL = ""  # Defaults
    HOST = "@"  # Defaults@host
    USER = ":"  # Defaults:user
    COMMAND = "!"  # Defaults!/usr/bin/cmd
    RUNAS = ">"  # Defaults>runas


@dataclass(frozen=True, slots=True)
class SudoDefault:
    """One parameter of a Defaults line: `!authenticate` -> name="authenticate", negated=True."""

    scope: DefaultsScope
    binding: tuple[str, ...]
    name: str
    value: str | None
    negated: bool
    location: Location


@dataclass(frozen=True, slots=True)
class SudoAlias:
    kind: AliasKind
    name: str
    members: tuple[str, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class SudoCommand:
    command: str  # "ALL", "/usr/bin/apt update", a Cmnd_Alias name, "!/bin/su" ...
    runas: str  # "(ALL:ALL)" as written, "" when none given (root only)
    nopasswd: bool
    hosts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SudoUserSpec:
    users: tuple[str, ...]  # "alice", "%sudo", "%#27", "#1000", "ADMINS", "ALL", "!bob"
    commands: tuple[SudoCommand, ...]
    location: Location


SudoItem = SudoInclude | SudoDefault | SudoAlias | SudoUserSpec


def _split(text: str, sep: str) -> list[str]:
    """Split on `sep` outside quotes and parentheses; a backslash escapes the next character."""
    if sep not in text:
        return [text.strip()]
    if _TRACKED.search(text) is None:  # nothing to track: the common case, at C speed
        return [part.strip() for part in text.split(sep)]
    parts: list[str] = []
    depth, quoted, last = 0, False, 0
    for found in _split_marks(sep).finditer(text):
        char = found.group()
        if char[0] == "\\":
            continue  # an escaped character is an ordinary one
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth = max(0, depth - 1)
        elif char == sep and not quoted and depth == 0:
            parts.append(text[last : found.start()].strip())
            last = found.end()
    parts.append(text[last:].strip())
    return parts


@lru_cache(maxsize=8)
def _split_marks(sep: str) -> re.Pattern[str]:
    """What `_split` looks at: an escape (backslash and the next character), a quote, a parenthesis, `sep`."""
    return re.compile(r'\\.|["()]|' + re.escape(sep), re.DOTALL)


def _defaults(match: re.Match[str], where: Location) -> list[SudoDefault]:
    scope = DefaultsScope(match.group(1) or "")
    bound = scope is not DefaultsScope.GLOBAL
    binding = tuple(b for b in _split(match.group(2), ",") if b) if bound else ()
    found: list[SudoDefault] = []
    for param in _split(match.group(3) or "", ","):
        if not param:
            continue
        name, eq, value = param.partition("=")
        name = name.rstrip("+-").strip()
        negated = name.startswith("!")
        name = name.lstrip("!").strip()
        found.append(
            SudoDefault(scope, binding, name, value.strip().strip('"') if eq else None, negated, where)
        )
    return found


def _commands(text: str) -> tuple[SudoCommand, ...] | None:
    sections: list[tuple[tuple[str, ...], str]] = []
    host_text, _, rest = text.partition("=")
    hosts = tuple(h for h in _split(host_text, ",") if h)
    while True:
        cut = None
        if ":" in rest and "=" in rest:  # a `: host =` section needs both
            cut = next(
                (
                    m
                    for m in _HOST_SECTION.finditer(rest)
                    if rest[: m.start()].count("(") == rest[: m.start()].count(")")
                    and not _TAG_BEFORE.search(rest[: m.start()])
                ),
                None,
            )
        if cut is None:
            sections.append((hosts, rest))
            break
        sections.append((hosts, rest[: cut.start()]))
        hosts = tuple(h for h in _split(cut.group(1), ",") if h)
        rest = rest[cut.end() :]
    commands: list[SudoCommand] = []
    for section_hosts, body in sections:
        runas, nopasswd = "", False
        for piece in _split(body, ","):
            if piece.startswith("("):
                close = piece.find(")")
                if close < 0:
                    return None
                runas, piece = piece[: close + 1], piece[close + 1 :].strip()
            while ":" in piece or "=" in piece:  # a tag is `TAG:`, an option `NAME=value`
                option = _OPTION.match(piece)
                tag, colon, after = piece.partition(":")
                if option:
                    piece = piece[option.end() :]
                elif colon and tag.strip() in TAGS:
                    nopasswd = _PASSWORD_TAGS.get(tag.strip(), nopasswd)
                    piece = after.strip()
                else:
                    break
            if not piece:
                return None
            commands.append(SudoCommand(piece, runas, nopasswd, section_hosts))
    return tuple(commands)


def _user_spec(line: str, where: Location) -> SudoUserSpec | None:
    left, eq, _ = line.partition("=")
    if not eq:
        return None
    normalised = _COMMA.sub(",", left.strip()) if "," in left else left.strip()
    groups = normalised.split()
    if len(groups) != 2:
        return None
    commands = _commands(groups[1] + line[len(left) :])
    if commands is None:
        return None
    return SudoUserSpec(tuple(u for u in groups[0].split(",") if u), commands, where)


def parse_sudoers(text: str, path: str = SUDOERS_PATH) -> tuple[tuple[SudoItem, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises. One file's items in order (includes not followed) and the issues found."""
    items: list[SudoItem] = []
    issues: list[ParseIssue] = []
    for number, raw in joined_lines(text, keep_double_backslash=True):
        line, unclosed = strip_comment(raw)
        if not line:
            continue
        where = Location(path, number)
        if unclosed:
            issues.append(ParseIssue(where, UNCLOSED_STRING))
            continue
        include = _INCLUDE.match(line) if line[0] in "@#" else None
        if include:
            target = include.group(2).strip().strip('"')
            items.append(SudoInclude(target, include.group(1) == "includedir", where))
            continue
        defaults = _DEFAULTS.match(line) if line.startswith("Defaults") else None
        if defaults:
            items.extend(_defaults(defaults, where))
            continue
        head = line.split(None, 1)[0]
        alias_kind = ALIAS_KINDS.get(head)
        if alias_kind is not None:
            for definition in _split(line[len(head) :], ":"):
                name, eq, members = definition.partition("=")
                if not eq or not name.strip():
                    issues.append(ParseIssue(where, f"malformed {head} definition"))
                    break
                parts = tuple(m for m in _split(members, ",") if m)
                items.append(SudoAlias(alias_kind, name.strip(), parts, where))
            continue
        spec = _user_spec(line, where)
        if spec is None and raw.lstrip().startswith("#"):
            continue  # `#10 minutes...`: a comment after all, not a uid-led rule
        if spec is None:
            issues.append(ParseIssue(where, "syntax error: not a Defaults, alias or user specification"))
            continue
        items.append(spec)
    return tuple(items), tuple(issues)
