"""PAM service files (pam.conf(5) of Linux-PAM 1.5.2, Debian 12) and the password stack of passwd(1).

A line is `[-]type control module [arguments]`; `control` and arguments may be `[...]` groups with spaces;
`#` starts a comment; a trailing backslash joins lines. `@include file` (Debian) and `type include|substack
file` pull in another file of /etc/pam.d. `parse_pam` is pure and never raises; includes are resolved by the
gatherer.
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.accounts.lines import joined_lines
from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

PAM_DIR = "/etc/pam.d"
PAM_TYPES = frozenset({"auth", "account", "password", "session"})


@dataclass(frozen=True, slots=True)
class PamLine:
    type: str  # auth | account | password | session | @include
    control: str  # required, requisite, [success=1 default=ignore], include, substack, ...
    module: str  # pam_unix.so, or the included file name
    args: tuple[str, ...]
    location: Location

    @property
    def module_name(self) -> str:
        """`pam_unix` from `pam_unix.so` or `/lib/x86_64-linux-gnu/security/pam_unix.so`."""
        base = self.module.rsplit("/", 1)[-1]
        return base.removesuffix(".so")

    @property
    def includes(self) -> bool:
        return self.type == "@include" or self.control in ("include", "substack")

    def option(self, name: str) -> str | None:
        """`minlen=12` -> "12"; a flag present -> ""; absent -> None. Last one wins."""
        found = None
        for arg in self.args:
            key, eq, value = arg.partition("=")
            if key == name:
                found = value if eq else ""
        return found


def _tokens(line: str) -> list[str]:
    """Split on blanks, keeping `[...]` groups whole (`\\]` escapes a bracket inside a group)."""
    tokens: list[str] = []
    current = ""
    depth = False
    index = 0
    while index < len(line):
        char = line[index]
        if depth:
            if char == "\\" and index + 1 < len(line) and line[index + 1] == "]":
                current += "]"
                index += 2
                continue
            current += char
            depth = char != "]"
        elif char.isspace():
            if current:
                tokens.append(current)
            current = ""
        else:
            if char == "[":
                depth = True
            current += char
        index += 1
    if current:
        tokens.append(current)
    return tokens


def parse_pam(text: str, path: str) -> tuple[tuple[PamLine, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises. Returns the lines of one PAM file in order (includes unresolved) and issues."""
    lines: list[PamLine] = []
    issues: list[ParseIssue] = []
    for number, raw in joined_lines(text, keep_double_backslash=False):
        body = raw.split("#", 1)[0].strip()
        if not body:
            continue
        where = Location(path, number)
        tokens = _tokens(body)
        if tokens[0] == "@include":
            if len(tokens) != 2:
                issues.append(ParseIssue(where, "@include takes exactly one file name"))
                continue
            lines.append(PamLine("@include", "include", tokens[1], (), where))
            continue
        kind = tokens[0].lstrip("-").lower()
        if kind not in PAM_TYPES:
            issues.append(ParseIssue(where, f"not a PAM rule: unknown type {shown(tokens[0])!r}"))
            continue
        if len(tokens) < 3:
            issues.append(ParseIssue(where, f"{kind} rule without a control and a module"))
            continue
        lines.append(PamLine(kind, tokens[1], tokens[2], tuple(tokens[3:]), where))
    return tuple(lines), tuple(issues)
