"""Kamailio configuration (kamailio.cfg, the 5.6 cfg language subset Garrison needs).

`parse_kamailio(lines)` takes the configuration as (path, line, text) triples with `include_file` /
`import_file` already spliced in by the gatherer, and is pure and never raises. It applies the preprocessor
(`#!define`, `#!trydef`, `#!redefine`, `#!undef`, `#!ifdef`, `#!ifndef`, `#!else`, `#!endif`, also spelled
`!!`), strips `#`, `//` and `/* */` comments, substitutes defined names, and reads: core parameters
(`name=value` before the routing blocks), `listen=`, `loadmodule`, `modparam`, the functions called in
routing blocks and the regexes matched against `$ua`. Effective sockets use the 5.6.3 defaults
(`garrison.facts.sip.defaults`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from garrison.facts.placeholders import mask_placeholders
from garrison.facts.secrets.shape import SECRET_NAME, SecretKind, summarise_secret
from garrison.facts.sip import defaults
from garrison.facts.sip.cfgstrings import StringScanner
from garrison.facts.sip.model import KamailioConfig, RtpRange, Setting, SipListen, SipTransport
from garrison.model import Location, ParseIssue

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

    @property
    def active(self) -> bool:
        return all(taken for _, taken, _ in self.stack)

    def directive(self, name: str, arg: str, where: Location) -> None:
        word = arg.split()[0] if arg.split() else ""
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


def _unquote(value: str) -> str:
    text = value.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def parse_listen(value: str, where: Location | None) -> list[tuple[SipTransport | None, str, int | None]]:
    """`[proto:]addr[:port] [advertise ..] [name ..]` -> [(proto or None, address, port or None)]."""
    text = mask_placeholders(_unquote(value))  # keep an unrendered placeholder in one token
    token = text.split()[0] if text.split() else ""
    proto: SipTransport | None = None
    head, sep, rest = token.partition(":")
    named = SipTransport.parse(head) if sep else None
    if named is not None and named is not SipTransport.HTTP:
        proto, token = named, rest
    elif sep and head.lower() == "any":
        token = rest
    port: int | None = None
    if token.startswith("["):
        end = token.find("]")
        address, tail = token[1:end] if end > 0 else token, token[end + 1 :] if end > 0 else ""
        if tail.startswith(":") and tail[1:].isdigit():
            port = int(tail[1:])
    else:
        address, sep, tail = token.rpartition(":")
        if token.count(":") > 1 or not sep or not tail.isdigit():  # no port, or a bare IPv6 address
            address, port = token, None
        else:
            port = int(tail)
    return [(proto, address.strip('"') or "*", port)]


def parse_kamailio(
    lines: Sequence[SourceLine], initial_defines: Iterable[str] = ()
) -> tuple[KamailioConfig, tuple[ParseIssue, ...]]:
    pre = _Pre({name: "" for name in initial_defines})
    globals_: list[tuple[str, Setting]] = []
    listens: list[tuple[SipTransport | None, str, int | None, Location]] = []
    modules: list[tuple[str, Location]] = []
    modparams: list[tuple[str, str, str, Location]] = []
    calls: dict[str, Location] = {}
    ua: list[Setting] = []
    block_calls: list[tuple[str, str, Location]] = []
    source_checks: list[tuple[str, Location]] = []
    strings = StringScanner()
    block = ""
    depth = 0
    in_routes = False
    path0 = lines[0][0] if lines else ""
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
        if not text:
            continue
        if depth == 0 and _BLOCK.match(text):
            in_routes = True
            block = re.sub(r"\s+", "", text.split("{", 1)[0])
        if depth > 0 or in_routes:
            for name in _CALL.findall(text):
                if name not in _KEYWORDS:
                    calls.setdefault(name, where)
                    block_calls.append((block, name, where))
            if _SOURCE_CHECK.search(text):
                source_checks.append((block, where))
            ua.extend(Setting(m, where) for m in _UA.findall(text))
            depth = max(0, depth + text.count("{") - text.count("}"))
            continue
        if module := _LOADMODULE.match(text):
            name = module.group(1).rsplit("/", 1)[-1]
            modules.append((name[:-3] if name.endswith(".so") else name, where))
        elif param := _MODPARAM.match(text):
            value = _redacted(param.group(2), _unquote(param.group(3)))
            modparams.append((param.group(1), param.group(2), value, where))
        elif assign := _GLOBAL.match(text):
            key, value = assign.group(1).lower(), assign.group(2)
            if key == "listen":
                listens.extend((*item, where) for item in parse_listen(value, where))
            else:
                globals_.append((key, Setting(_redacted(key, _unquote(value)), where)))
    for _, _, start in pre.stack:
        pre.issues.append(ParseIssue(start, "#!ifdef without #!endif"))
    for start in strings.unclosed():
        pre.issues.append(ParseIssue(start, UNTERMINATED))
    config = KamailioConfig(
        path=path0,
        defines=frozenset(pre.defines),
        listens=(),
        globals=tuple(globals_),
        modules=tuple(modules),
        modparams=tuple(modparams),
        calls=tuple(calls.items()),
        ua_filters=tuple(ua),
        issues=tuple(pre.issues),
        block_calls=tuple(block_calls),
        source_checks=tuple(source_checks),
    )
    effective = _effective_listens(config, listens)
    config = replace(config, listens=effective, rtp_range=_rtp_define(pre))
    return config, config.issues


def _rtp_define(pre: _Pre) -> RtpRange | None:
    """An RTP range declared with `#!define RTP_PORT_MIN`/`RTP_PORT_MAX` (fed to rtpengine/rtpproxy)."""
    low, high = pre.defines.get("RTP_PORT_MIN", ""), pre.defines.get("RTP_PORT_MAX", "")
    low, high = _unquote(low), _unquote(high)
    if not (low.isdigit() and high.isdigit()) or not 0 < int(low) <= int(high) <= 65535:
        return None
    return RtpRange(int(low), int(high), "kamailio", pre.where["RTP_PORT_MIN"])


def _yes(setting: Setting | None, default: bool) -> bool:
    if setting is None:
        return default
    return setting.value.strip().lower() in ("yes", "on", "true", "1")


def _int(setting: Setting | None, default: int) -> int:
    try:
        return int(setting.value) if setting is not None else default
    except ValueError:
        return default


def _effective_listens(
    config: KamailioConfig, explicit: list[tuple[SipTransport | None, str, int | None, Location]]
) -> tuple[SipListen, ...]:
    tcp = not _yes(config.setting("disable_tcp"), False)
    # TLS runs over Kamailio's TCP layer: disable_tcp=yes turns it off too (checked with `kamailio -c`)
    tls = tcp and _yes(config.setting("enable_tls"), False) and config.module("tls") is not None
    port = _int(config.setting("port"), defaults.KAMAILIO_PORT)
    tls_port = _int(config.setting("tls_port_no"), defaults.KAMAILIO_TLS_PORT)
    protos = [SipTransport.UDP, *([SipTransport.TCP] if tcp else []), *([SipTransport.TLS] if tls else [])]
    sockets: list[SipListen] = []
    if not explicit:
        for proto in protos:
            sockets.append(SipListen(proto, "*", tls_port if proto is SipTransport.TLS else port, None))
        return tuple(sockets)
    for wanted, address, number, where in explicit:
        choices = [wanted] if wanted is not None else protos
        for item in choices:
            if item in (SipTransport.TCP, SipTransport.TLS, SipTransport.WS, SipTransport.WSS) and not tcp:
                continue
            if item is SipTransport.TLS and not tls:
                continue
            if number is None:
                number_for = tls_port if item is SipTransport.TLS else port
            else:  # a protocol-less listen with a port puts TLS on the next port (checked with `kamailio -c`)
                number_for = number + 1 if item is SipTransport.TLS and wanted is None else number
            sockets.append(SipListen(item, address, number_for, where))
    return tuple(sockets)
