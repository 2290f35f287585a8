"""PATH assignments and umask lines of the files that set up root's and users' environment.

- /etc/environment (pam_env(8), read at every PAM login with `readenv=1`, Debian's default): `NAME=value`
  lines, `#` comments, optional quotes;
- sh startup files (/root/.profile, .bashrc, /etc/profile, /etc/profile.d/*.sh): `PATH=...` or `export
  PATH=...` assignments, and `umask 027` lines; a line is read wherever it is (inside an `if` too: it may
  apply), `$PATH` in a value stands for what came before, `$HOME` and `~` for the home directory, any other
  expansion makes that entry unreadable (`skipped`);
- login.defs ENV_SUPATH / ENV_ROOTPATH: `PATH=/a:/b` or `/a:/b` (login.defs(5), used by su and login).

umask values are octal (`027`, `0027`) or the symbolic `u=rwx,g=rx,o=` form (umask(1p)). Pure, never raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.model import Location

_INHERIT = "\0"
_ASSIGN = re.compile(r"^\s*(?:export\s+|readonly\s+)?PATH=(.*)$")
_UMASK = re.compile(r"(?:^|[;&|]\s*|\bthen\s+|\bdo\s+)umask\s+([^\s;&|#]+)")
_OCTAL = re.compile(r"^[0-7]{1,4}$")
_SYMBOLIC = re.compile(r"^(?:[ugo]=[rwx]*)(?:,[ugo]=[rwx]*)*$")
_HOME = re.compile(r"\$\{HOME\}|\$HOME(?![A-Za-z0-9_])|^~(?=/|$)")
_PATH_VAR = re.compile(r"\$\{PATH\}|\$PATH(?![A-Za-z0-9_])")


@dataclass(frozen=True, slots=True)
class UmaskLine:
    text: str  # as written
    value: int | None  # the mask, None when it cannot be read
    location: Location


def _unquoted(value: str) -> str:
    """The shell word at the start of `value`, quotes removed (`"a b":c` -> `a b:c`); stops at an unquoted
    blank, `;`, `&`, `|` or `#`."""
    out: list[str] = []
    quote = ""
    for char in value.strip():
        if quote:
            if char == quote:
                quote = ""
            else:
                out.append(char)
        elif char in "\"'":
            quote = char
        elif char.isspace() or char in ";&|#":
            break
        else:
            out.append(char)
    return "".join(out)


def path_assignments(text: str, path: str) -> list[tuple[int, str]]:
    """`(line, value)` of every PATH assignment of an sh file (value unquoted, expansions kept)."""
    found = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.lstrip().startswith("#"):
            continue
        match = _ASSIGN.match(raw)
        if match is not None:
            found.append((number, _unquoted(match.group(1))))
    return found


def env_file_paths(text: str) -> list[tuple[int, str]]:
    """`(line, value)` of PATH in a pam_env environment file (/etc/environment)."""
    found = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line.startswith("export "):
            line = line[7:].lstrip()
        if line.startswith("PATH="):
            found.append((number, line[5:].strip().strip("\"'")))
    return found


def login_defs_path(value: str) -> str:
    """ENV_SUPATH's value without its optional `PATH=`."""
    return value.removeprefix("PATH=")


def split_path(value: str, home: str = "/root") -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`(entries, skipped)`: the directories a PATH value adds (empty and relative ones kept: they are the
    findings), without the inherited `$PATH`; entries using another expansion are `skipped`."""
    text = _PATH_VAR.sub(_INHERIT, value)
    entries: list[str] = []
    skipped: list[str] = []
    for piece in text.split(":"):
        if piece == _INHERIT:
            continue
        piece = _HOME.sub(home, piece)
        if "$" in piece or "`" in piece or _INHERIT in piece:
            skipped.append(piece.replace(_INHERIT, "$PATH"))
        else:
            entries.append(piece)
    return tuple(entries), tuple(skipped)


_BITS = {"r": 4, "w": 2, "x": 1}
_SHIFT = {"u": 6, "g": 3, "o": 0}


def umask_value(word: str) -> int | None:
    """`027` -> 0o027; `u=rwx,g=rx,o=` -> 0o027 (the symbolic form names what stays allowed, and must
    name u, g and o to be known); else None."""
    if _OCTAL.match(word):
        return int(word, 8) & 0o777
    if not _SYMBOLIC.match(word):
        return None
    parts = word.split(",")
    if {p[0] for p in parts} != {"u", "g", "o"}:
        return None  # a class left out keeps the current mask: not known from the file
    mask = 0o777
    for part in parts:
        who, _, perms = part.partition("=")
        allowed = sum(_BITS[p] for p in set(perms))
        mask &= ~(0o7 << _SHIFT[who])
        mask |= (0o7 & ~allowed) << _SHIFT[who]
    return mask


def umask_lines(text: str, path: str) -> list[UmaskLine]:
    """Every `umask VALUE` command of an sh file (not `umask` alone, which prints it)."""
    found = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.split("#", 1)[0] if not raw.lstrip().startswith("#") else ""
        for match in _UMASK.finditer(line):
            word = match.group(1).strip("\"'")
            if word.startswith("-"):
                continue
            found.append(UmaskLine(word, umask_value(word), Location(path, number)))
    return found


def sourced_at(text: str, name: str) -> int | None:
    """The first line that is not a comment and names `name` (where /etc/profile sources /etc/bash.bashrc
    or loops over /etc/profile.d): what it pulls in runs at that point of the file."""
    for number, raw in enumerate(text.split("\n"), start=1):
        if name in raw.split("#", 1)[0]:
            return number
    return None
