"""Kamailio configuration (kamailio.cfg, the 5.6 cfg language subset Garrison needs).

`parse_kamailio(lines)` takes the configuration as (path, line, text) triples with `include_file` /
`import_file` already spliced in by the gatherer, and is pure and never raises. It applies the preprocessor
(`#!define`, `#!trydef`, `#!redefine`, `#!undef`, `#!ifdef`, `#!ifndef`, `#!else`, `#!endif`, also spelled
`!!`), strips `#`, `//` and `/* */` comments, substitutes defined names, and reads: core parameters
(`name=value` before the routing blocks), `listen=`, `loadmodule`, `modparam`, the functions called in
routing blocks and the regexes matched against `$ua`. Effective sockets use the 5.6.3 defaults
(`garrison.facts.sip.sockets`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from garrison.facts.placeholders import has_placeholder
from garrison.facts.secrets.shape import SECRET_NAME, SecretKind, summarise_secret
from garrison.facts.sip.cfgstrings import StringScanner
from garrison.facts.sip.model import KamailioConfig, RtpRange, Setting, Switch
from garrison.facts.sip.sockets import ExplicitListen, effective_listens, parse_listen, unquote
from garrison.model import Location, ParseIssue

__all__ = ["UNTERMINATED", "SourceLine", "parse_kamailio", "parse_listen"]

SourceLine = tuple[str, int, str]
#: What `kamailio -c` dies on; the gatherer turns it into an error like the other fatal issues.
UNTERMINATED = "unterminated string: it is still open at the end of the file (kamailio refuses the config)"

_DIRECTIVE = re.compile(r"^\s*(?:#!|!!)\s*([a-zA-Z_]+)\b\s*(.*)$")
_GLOBAL = re.compile(r"^\s*([a-zA-Z_][a-zA-Z0-9_.]*)\s*=\s*(.*?)\s*;?\s*$")
_LOADMODULE = re.compile(r'^\s*loadmodule\s*\(?\s*"([^"]+)"')
_MODPARAM = re.compile(r'^\s*modparam\s*\(\s*"([^"]+)"\s*,\s*"([^"]+)"\s*,\s*(.*?)\)\s*;?\s*$')
_CALL = re.compile(r"\b([a-zA-Z_][a-zA-Z0-9_]*)\s*\(")
_UA = re.compile(r'(?:\$ua|\$hdr\(\s*User-Agent\s*\))\s*=~\s*"([^"]*)"', re.I)
_BLOCK = re.compile(
    r"^\s*(request_route|route|reply_route|onreply_route|failure_route|branch_route|"
    r"event_route|onsend_route)\b"
)
_KEYWORDS = frozenset({"if", "while", "switch", "case", "return", "exit", "drop", "route", "for", "else"})
_SOURCE_CHECK = re.compile(r"\bif\b.*(\bsrc_ip\b|\$si\b|allow_source_address|allow_address|ipmatch)")
_WORD = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


_SWITCHES = frozenset({"define", "trydef", "redefine", "undef", "ifdef", "ifndef"})
#: kamctl's shipped database passwords (kamctlrc DBRWPW / DBROPW): in a URL's user:password@ part.
SHIPPED_DB_PASSWORDS = ("kamailiorw",)
_USERINFO = re.compile(r"://[^:/@\s\"]*:([^@/\s\"]*)@")


def _shipped_db_password(text: str) -> bool:
    found = _USERINFO.search(text)
    return found is not None and found.group(1) in SHIPPED_DB_PASSWORDS


def _strip_comment(text: str) -> str:
    """Drop `#` and `//` comments outside double quotes (a `#!` directive is handled before)."""
    quoted = False
    for index, char in enumerate(text):
        if char == '"' and (index == 0 or text[index - 1] != "\\"):
            quoted = not quoted
        elif not quoted and (char == "#" or text.startswith("//", index)):
            return text[:index]
    return text


def _without_block_comments(lines: Iterable[SourceLine]) -> list[SourceLine]:
    out: list[SourceLine] = []
    inside = False
    for path, number, text in lines:
        kept = ""
        rest = text
        while rest:
            if inside:
                end = rest.find("*/")
                if end < 0:
                    rest = ""
                else:
                    inside, rest = False, rest[end + 2 :]
            else:
                start = rest.find("/*")
                if start < 0 or rest[:start].count('"') % 2:
                    kept, rest = kept + rest, ""
                else:
                    kept, rest, inside = kept + rest[:start], rest[start + 2 :], True
        out.append((path, number, kept))
    return out


class _Pre:
    """The preprocessor's state: defines, the #!ifdef stack, issues."""

    def __init__(self, defines: dict[str, str]) -> None:
        self.defines = defines
        self.stack: list[tuple[bool, bool, Location]] = []  # (parent active, branch taken, where)
        self.where: dict[str, Location] = {}
        self.issues: list[ParseIssue] = []
        self.switches: list[Switch] = []
        self.db_defaults: list[Location] = []

    @property
    def active(self) -> bool:
        return all(taken for _, taken, _ in self.stack)

    def directive(self, name: str, arg: str, where: Location) -> None:
        word = arg.split()[0] if arg.split() else ""
        if word and name in _SWITCHES:
            self.switches.append(Switch(word, name, where, self.active))
            if self.active and name != "undef" and _shipped_db_password(arg[len(word) :]):
                self.db_defaults.append(where)
        if name in ("ifdef", "ifndef", "ifexp"):
            if name == "ifexp":
                self.issues.append(ParseIssue(where, "#!ifexp is not evaluated; its block is taken as off"))
            taken = (
                (word in self.defines) if name == "ifdef" else (word not in self.defines and name != "ifexp")
            )
            self.stack.append((self.active, taken, where))
        elif name == "else":
            if not self.stack:
                self.issues.append(ParseIssue(where, "#!else outside #!ifdef (Kamailio ignores it)"))
            else:
                parent, taken, start = self.stack.pop()
                self.stack.append((parent, not taken, start))
        elif name == "endif":
            if not self.stack:
                self.issues.append(ParseIssue(where, "#!endif without #!ifdef"))
            else:
                self.stack.pop()
        elif not self.active:
            return
        elif name in ("define", "trydef", "redefine") and word:
            if name == "trydef" and word in self.defines:
                return
            self.defines[word] = arg[len(word) :].strip()
            self.where[word] = where
        elif name == "undef" and word:
            self.defines.pop(word, None)


def _substitute(text: str, defines: dict[str, str]) -> str:
    out, quoted, last = [], False, 0
    for match in _WORD.finditer(text):
        segment = text[last : match.start()]
        quoted ^= segment.count('"') % 2 == 1
        out.append(segment)
        value = defines.get(match.group(0))
        out.append(value if value and not quoted else match.group(0))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _redacted(name: str, value: str) -> str:
    """Secrets never enter the model: db_url with a password, `*password*`/`*secret*` parameters."""
    if value.startswith("/"):
        return value  # a file path (tls private_key = /etc/...): not the secret itself
    if SECRET_NAME.match(name) or (summarise_secret(value).kind is SecretKind.TEXT and "://" in value):
        return "(redacted)"
    return value


@dataclass
class _Seen:
    """What `parse_kamailio` collects from the active lines, in order."""

    globals_: list[tuple[str, Setting]] = field(default_factory=list)
    listens: list[ExplicitListen] = field(default_factory=list)
    modules: list[tuple[str, Location]] = field(default_factory=list)
    modparams: list[tuple[str, str, str, Location]] = field(default_factory=list)
    calls: dict[str, Location] = field(default_factory=dict)
    ua: list[Setting] = field(default_factory=list)
    block_calls: list[tuple[str, str, Location]] = field(default_factory=list)
    source_checks: list[tuple[str, Location]] = field(default_factory=list)
    db_defaults: list[Location] = field(default_factory=list)
    refused_templates: list[tuple[str, Location]] = field(default_factory=list)
    block: str = ""
    depth: int = 0
    in_routes: bool = False

    def route(self, text: str, where: Location) -> bool:
        """Read a line of the routing logic (calls, source tests, $ua regexes); False for a line before it."""
        if self.depth == 0 and _BLOCK.match(text):
            self.in_routes = True
            self.block = re.sub(r"\s+", "", text.split("{", 1)[0])
        if not (self.depth > 0 or self.in_routes):
            return False
        for name in _CALL.findall(text):
            if name not in _KEYWORDS:
                self.calls.setdefault(name, where)
                self.block_calls.append((self.block, name, where))
        if _SOURCE_CHECK.search(text):
            self.source_checks.append((self.block, where))
        self.ua.extend(Setting(m, where) for m in _UA.findall(text))
        self.depth = max(0, self.depth + text.count("{") - text.count("}"))
        return True

    def top(self, text: str, where: Location) -> None:
        """Read a line before the routing blocks: loadmodule, modparam, `listen=` or a core parameter."""
        if module := _LOADMODULE.match(text):
            name = module.group(1).rsplit("/", 1)[-1]
            self.modules.append((name[:-3] if name.endswith(".so") else name, where))
        elif param := _MODPARAM.match(text):
            if _shipped_db_password(param.group(3)):
                self.db_defaults.append(where)
            value = _redacted(param.group(2), unquote(param.group(3)))
            self.modparams.append((param.group(1), param.group(2), value, where))
        elif assign := _GLOBAL.match(text):
            key, value = assign.group(1).lower(), assign.group(2)
            if not value.strip().startswith('"') and has_placeholder(value):
                self.refused_templates.append((key, where))  # `kamailio -c`: parse error at the value
            if key == "listen":
                self.listens.extend((*item, where) for item in parse_listen(value, where))
            else:
                self.globals_.append((key, Setting(_redacted(key, unquote(value)), where)))

    def config(self, path: str, pre: _Pre) -> KamailioConfig:
        config = KamailioConfig(
            path=path,
            defines=frozenset(pre.defines),
            listens=(),
            globals=tuple(self.globals_),
            modules=tuple(self.modules),
            modparams=tuple(self.modparams),
            calls=tuple(self.calls.items()),
            ua_filters=tuple(self.ua),
            issues=tuple(pre.issues),
            block_calls=tuple(self.block_calls),
            source_checks=tuple(self.source_checks),
            switches=tuple(pre.switches),
            default_db_password=tuple(dict.fromkeys(pre.db_defaults + self.db_defaults)),
            refused_templates=tuple(self.refused_templates),
        )
        return replace(config, listens=effective_listens(config, self.listens), rtp_range=_rtp_define(pre))


def parse_kamailio(
    lines: Sequence[SourceLine], initial_defines: Iterable[str] = ()
) -> tuple[KamailioConfig, tuple[ParseIssue, ...]]:
    pre = _Pre({name: "" for name in initial_defines})
    seen = _Seen()
    strings = StringScanner()
    for path, number, raw in _without_block_comments(lines):
        where = Location(path, number)
        directive = _DIRECTIVE.match(raw)
        if directive:
            pre.directive(directive.group(1).lower(), directive.group(2).strip(), where)
            continue
        if not pre.active:
            continue
        strings.feed(path, number, raw)
        text = _substitute(_strip_comment(raw), pre.defines).strip()
        if text and not seen.route(text, where):
            seen.top(text, where)
    for _, _, start in pre.stack:
        pre.issues.append(ParseIssue(start, "#!ifdef without #!endif"))
    for start in strings.unclosed():
        pre.issues.append(ParseIssue(start, UNTERMINATED))
    config = seen.config(lines[0][0] if lines else "", pre)
    return config, config.issues


def _rtp_define(pre: _Pre) -> RtpRange | None:
    """An RTP range declared with `#!define RTP_PORT_MIN`/`RTP_PORT_MAX` (fed to rtpengine/rtpproxy)."""
    low, high = pre.defines.get("RTP_PORT_MIN", ""), pre.defines.get("RTP_PORT_MAX", "")
    low, high = unquote(low), unquote(high)
    if not (low.isdigit() and high.isdigit()) or not 0 < int(low) <= int(high) <= 65535:
        return None
    return RtpRange(int(low), int(high), "kamailio", pre.where["RTP_PORT_MIN"])
