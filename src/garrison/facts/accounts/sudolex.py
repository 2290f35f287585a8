"""Comments and double-quoted strings on one sudoers line, as sudo 1.9.13's lexer sees them (toke.l).

A `"` starts a string everywhere except in a command's arguments (`/bin/echo "hi` is a literal quote); a
string ends at the next `"` not escaped by a backslash and may not run past the end of the line (sudo:
"unexpected line break in string", visudo -c fails). `#` starts a comment outside strings and command
arguments unless it introduces a uid (`#1000`, `#-1`); inside a command it ends the command, and what follows
is read again as a comment. A command starts at a path (`/usr/bin/apt ...`), `sudoedit` or a `^...$` regex
and runs to the next unescaped `#`, `:`, `,` or `=`; on `Defaults` lines there are no commands.

    strip_comment(line) -> (the line without its comment, stripped; unclosed string?)

Pure, never raises.
"""

from __future__ import annotations

import re

_INCLUDE = re.compile(r"^[@#](include|includedir)\s+(.+)$")
_DEFAULTS = re.compile(r"^\s*Defaults\b")
_TOKEN_BREAK = " \t,=():!"
_COMMAND_END = "#:,="
_REGEX = re.compile(r"\^(?:[^#\r\n$\\]|\\.)*\$")


def strip_comment(line: str) -> tuple[str, bool]:
    stripped = line.strip()
    include = _INCLUDE.match(stripped) if stripped[:1] in ("@", "#") else None
    if include:
        target = include.group(2).strip()
        return stripped, target.startswith('"') and _closing_quote(target, 1) < 0
    if '"' not in line and "#" not in line:  # neither a string nor a comment: nothing to cut
        return stripped, False
    commands = _DEFAULTS.match(line) is None
    i, size = 0, len(line)
    while i < size:
        char = line[i]
        start = i == 0 or line[i - 1] in _TOKEN_BREAK
        if char == '"':
            close = _closing_quote(line, i + 1)
            if close < 0:
                return stripped, True
            i = close + 1
        elif char == "#":
            after = line[i + 1 : i + 3]
            if after[:1].isdigit() or (after[:1] == "-" and after[1:2].isdigit()):
                i += 1
                continue
            return line[:i].strip(), False
        elif commands and start and (char == "/" or line.startswith("sudoedit", i)):
            i = _command_end(line, i)
        elif commands and start and char == "^" and (regex := _REGEX.match(line, i)) is not None:
            i = _command_end(line, regex.end())
        else:
            i += 1
    return stripped, False


def _closing_quote(text: str, at: int) -> int:
    """Index of the `"` closing a string whose body starts at `at` (`\\"` is an escaped quote), or -1."""
    while at < len(text):
        if text.startswith('\\"', at):
            at += 2
        elif text[at] == '"':
            return at
        else:
            at += 1
    return -1


def _command_end(line: str, at: int) -> int:
    while at < len(line) and line[at] not in _COMMAND_END:
        at += 2 if line[at] == "\\" else 1
    return at
