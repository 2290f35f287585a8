"""Where a syslog daemon writes: rsyslog.conf(5) (rsyslog 8.2302, Debian 12) and syslog-ng.conf(5) (4.3).

rsyslog: legacy `selector action` lines (`*.* @@host:514` TCP, `@host` UDP, `:omrelp:host:port`, `-/var/log/x`
a file), `& action` continuations, RainerScript `action(type="omfwd" target="host" ...)` (and `omfile`,
`omrelp`), `module(load="imjournal")` / `$ModLoad`, and includes (`$IncludeConfig pattern`,
`include(file="pattern")`). syslog-ng: `destination name { driver("arg" ...); };` blocks whose driver is
`network`, `syslog`, `tcp`, `udp`, `tcp6`, `udp6` or `http` (remote) or `file` (local), used by a `log { ...
destination(name); }` path; `@include "pattern"`.

    parse_rsyslog(text, path) / parse_syslog_ng(text, path) -> (SyslogConfig, issues)

Both are pure and never raise; comments are dropped, and nothing here judges whether a daemon runs.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import StrEnum

from garrison.model import Dialect, Location, ParseIssue, SettingRef


class OutputKind(StrEnum):
    FILE = "file"  # a local log file
    REMOTE = "remote"  # another host (omfwd, omrelp, @/@@, a syslog-ng network destination)


@dataclass(frozen=True, slots=True)
class SyslogOutput:
    kind: OutputKind
    target: str  # the file, or host[:port] with the protocol (`tcp logs.example.net:514`)
    location: Location
    dialect: Dialect
    selector: str = ""  # rsyslog's selector (`*.*`, `auth,authpriv.*`) or the syslog-ng destination name

    @property
    def setting(self) -> SettingRef:
        key = self.selector or self.target
        return SettingRef(self.dialect, self.location.path, key)


@dataclass(frozen=True, slots=True)
class SyslogConfig:
    outputs: tuple[SyslogOutput, ...] = ()
    includes: tuple[tuple[str, Location], ...] = ()  # patterns as written, with where
    modules: tuple[str, ...] = ()  # rsyslog input/output modules loaded (imjournal, imuxsock, ...)
    used: tuple[str, ...] = ()  # syslog-ng: destination names a `log` path of this file uses


_SELECTOR = re.compile(r"^([A-Za-z0-9_*,;.=!<>-]+\.[A-Za-z0-9_*,;.=!<>-]+)\s+(.+)$")
_PARAM = re.compile(r"""([A-Za-z.]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s)]+))""")
_REMOTE_OUT = {"omfwd": "omfwd", "omrelp": "relp"}


class _Lines:
    """Offset -> 1-based line number by bisection over the newline offsets (a config with many actions is
    not rescanned from its start for each one)."""

    def __init__(self, text: str) -> None:
        self._breaks = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_left(self._breaks, offset) + 1


def _params(body: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _PARAM.finditer(body)}


def _legacy_action(action: str, where: Location, selector: str) -> SyslogOutput | None:
    action = action.strip()
    if action.startswith("@"):
        tcp = action.startswith("@@")
        host = action.lstrip("@").split(";", 1)[0].removeprefix("(o)").removeprefix("(z9)")
        return SyslogOutput(
            OutputKind.REMOTE, f"{'tcp' if tcp else 'udp'} {host}", where, Dialect.RSYSLOG, selector
        )
    if action.startswith(":omrelp:"):
        host = action.removeprefix(":omrelp:").split(";", 1)[0]
        return SyslogOutput(OutputKind.REMOTE, f"relp {host}", where, Dialect.RSYSLOG, selector)
    file = action.lstrip("-").split(";", 1)[0]
    if file.startswith("/") and not file.startswith("/dev/"):
        return SyslogOutput(OutputKind.FILE, file, where, Dialect.RSYSLOG, selector)
    return None


def _closing(text: str, start: int, tokens: re.Pattern[str], opening: str) -> int:
    """The offset of the bracket that closes the one just before `start` (strings skipped, nesting counted),
    or the end of the text when it is never closed. One pass: later matches start after it."""
    depth = 1
    for token in tokens.finditer(text, start):
        char = token.group()
        if char == opening:
            depth += 1
        elif len(char) == 1:
            depth -= 1
            if not depth:
                return token.start()
    return len(text)


_PARENS = re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[()]""")
_BRACES = re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[{}]""")


def _blocks(text: str, word: str) -> list[tuple[int, str]]:
    """`word(...)` calls of RainerScript with their offset and the text inside the parentheses (quotes
    respected, so a `)` inside a string does not end it; an unclosed call runs to the end of the text)."""
    found: list[tuple[int, str]] = []
    start = re.compile(rf"(?<![\w$]){word}\s*\(", re.IGNORECASE)
    position = 0
    while (match := start.search(text, position)) is not None:
        end = _closing(text, match.end(), _PARENS, "(")
        found.append((match.start(), text[match.end() : end]))
        position = end
    return found


def _strip_comments(text: str) -> str:
    """Lines starting with `#` blanked (kept as empty lines, so offsets keep their line numbers)."""
    return "\n".join("" if line.lstrip().startswith("#") else line for line in text.split("\n"))


def parse_rsyslog(text: str, path: str) -> tuple[SyslogConfig, tuple[ParseIssue, ...]]:
    """Pure, never raises."""
    text = _strip_comments(text)
    line_of = _Lines(text)
    outputs: list[SyslogOutput] = []
    includes: list[tuple[str, Location]] = []
    modules: list[str] = []
    selector = ""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        where = Location(path, number)
        if line.lower().startswith("$includeconfig"):
            includes += [(word, where) for word in line.split()[1:2]]
        elif line.lower().startswith("$modload"):
            modules += line.split()[1:2]
        elif line.startswith("&") and selector:
            found = _legacy_action(line[1:], where, selector)
            outputs += [found] if found is not None else []
        elif (match := _SELECTOR.match(line)) is not None and not match.group(2).lstrip().startswith(
            "action"
        ):
            selector = match.group(1)
            found = _legacy_action(match.group(2), where, selector)
            outputs += [found] if found is not None else []
    for offset, body in _blocks(text, "action"):
        params, where = _params(body), Location(path, line_of(offset))
        kind = params.get("type", "").lower()
        if kind in _REMOTE_OUT and params.get("target"):
            protocol = params.get("protocol", "udp") if kind == "omfwd" else "relp"
            port = f":{params['port']}" if params.get("port") else ""
            shown = f"{protocol.lower()} {params['target']}{port}"
            outputs.append(SyslogOutput(OutputKind.REMOTE, shown, where, Dialect.RSYSLOG, f"action {kind}"))
        elif kind == "omfile" and (params.get("file") or params.get("dynafile")):
            file = params.get("file") or f"template {params['dynafile']}"
            outputs.append(SyslogOutput(OutputKind.FILE, file, where, Dialect.RSYSLOG, "action omfile"))
    for offset, body in _blocks(text, "include"):
        params = _params(body)
        if params.get("file"):
            includes.append((params["file"], Location(path, line_of(offset))))
    for _, body in _blocks(text, "module"):
        modules += [value for key, value in _params(body).items() if key == "load"]
    outputs.sort(key=lambda o: o.location.line or 0)
    return SyslogConfig(tuple(outputs), tuple(includes), tuple(modules)), ()


_NG_DESTINATION = re.compile(r"(?<![\w-])destination\s+([\w-]+)\s*\{")
_NG_DRIVER = re.compile(
    r"(?<![\w-])(network|syslog|tcp6?|udp6?|http|file)\s*\(\s*(?:\"([^\"]*)\"|'([^']*)'|([\w.:/-]+))?"
)
_NG_USE = re.compile(r"(?<![\w-])destination\s*\(\s*([\w-]+)\s*\)")
_NG_INCLUDE = re.compile(r"^\s*@include\s+\"([^\"]+)\"", re.MULTILINE)


def _ng_uncommented(text: str) -> str:
    """`#` to the end of the line removed outside quoted strings (lengths kept, for line numbers)."""
    out: list[str] = []
    quote = ""
    skipping = False
    for char in text:
        if char == "\n":
            skipping, quote = False, ""
        elif skipping:
            char = " "
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            skipping, char = True, " "
        out.append(char)
    return "".join(out)


def parse_syslog_ng(text: str, path: str) -> tuple[SyslogConfig, tuple[ParseIssue, ...]]:
    """Pure, never raises. Every destination's outputs (selector: its name) and the destinations this file's
    log paths use: only used ones count, across all the files of the configuration (the gatherer's job)."""
    line_of = _Lines(text)  # _ng_uncommented keeps every offset
    includes = [(m.group(1), Location(path, line_of(m.start()))) for m in _NG_INCLUDE.finditer(text)]
    code = _ng_uncommented(text)
    used = tuple(dict.fromkeys(m.group(1) for m in _NG_USE.finditer(code)))
    outputs: list[SyslogOutput] = []
    position = 0
    while (match := _NG_DESTINATION.search(code, position)) is not None:
        name = match.group(1)
        position = _closing(code, match.end(), _BRACES, "{")
        body = code[match.end() : position]
        for driver in _NG_DRIVER.finditer(body):
            where = Location(path, line_of(match.end() + driver.start()))
            arg = driver.group(2) or driver.group(3) or driver.group(4) or ""
            kind = OutputKind.FILE if driver.group(1) == "file" else OutputKind.REMOTE
            shown = arg if kind is OutputKind.FILE else f"{driver.group(1)} {arg}".strip()
            outputs.append(SyslogOutput(kind, shown, where, Dialect.SYSLOG_NG, name))
    return SyslogConfig(tuple(outputs), tuple(includes), (), used), ()
