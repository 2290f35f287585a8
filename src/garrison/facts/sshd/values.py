"""Checking and normalising one directive's arguments the way sshd does (servconf.c), pure; algorithm names
are checked against the release being judged (Debian 12's 9.2 by default).

`parse_value` returns the values as `sshd -T` prints them (one entry per printed line) or the message sshd
would die with. Algorithm lists stay as written (they are assembled later against the defaults).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from garrison.data.ssh import OpenSshVersion
from garrison.data.ssh_releases import REFERENCE
from garrison.facts.quoting import shown
from garrison.facts.sshd.algorithms import validate
from garrison.facts.sshd.keywords import FACILITIES, LOG_LEVELS, MULTISTATE, TUNNEL_MODES, Choices, Keyword
from garrison.facts.sshd.keywords import ValueKind as V

INT_MAX = 2**31 - 1
_TIME_PART = re.compile(r"(\d+)([sSmMhHdDwW]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_MAXSTARTUPS = re.compile(r"^([+-]?\d+)(?::([+-]?\d+):([+-]?\d+))?")
_SERVICES = {"ssh": 22}

ParseResult = tuple[tuple[str, ...], str | None]
#: Kinds that take exactly one argument.
_SINGLE = frozenset(
    {V.FLAG, V.MULTI, V.INT, V.TIME, V.TIME_NONE, V.ALGO, V.LOGLEVEL, V.FACILITY, V.PORT, V.HOSTKEY, V.STRING}
    | {V.MAXSTARTUPS, V.PERSOURCE, V.USERENV, V.TUNNEL}
)


def convtime(text: str) -> int | None:
    """Seconds for an sshd time value (`90`, `2m`, `1h30m`), None when sshd rejects it."""
    if not text:
        return None
    total, pos = 0, 0
    while pos < len(text):
        part = _TIME_PART.match(text, pos)
        if part is None:
            return None
        if len(part.group(1)) > 10:
            return None
        secs = int(part.group(1)) * _UNITS[part.group(2).lower()]
        total += secs
        if total > INT_MAX:
            return None
        pos = part.end()
    return total


def _int(text: str) -> int | None:
    # sshd reads at most an int; a longer digit string is out of range (and int() refuses 4,300 digits)
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if value <= INT_MAX else None


def _port(text: str) -> int | None:
    value = _int(text) if text.isdigit() else _SERVICES.get(text)
    return value if value is not None and 0 < value <= 65535 else None


def _maxstartups(text: str) -> str | None:
    found = _MAXSTARTUPS.match(text)
    if found is None or (found.group(2) is None and ":" in text[found.end(1) :][:1]):
        return None
    begin = int(found.group(1))
    if found.group(2) is None:
        return f"{begin}:30:{begin}" if begin > 0 else None
    rate, full = int(found.group(2)), int(found.group(3))
    if begin > full or not 1 <= rate <= 100 or begin <= 0 or full <= 0:
        return None
    return f"{begin}:{rate}:{full}"


def parse_value(
    kw: Keyword, keyword: str, args: Sequence[str], rest: str, version: OpenSshVersion = REFERENCE.version
) -> ParseResult:
    """(printed values, None) or ((), the error sshd reports)."""
    kind = kw.kind
    first = args[0] if args else ""
    single = kind in _SINGLE
    if kind in (V.REST, V.IGNORE, V.OTHER, V.MATCH, V.INCLUDE):
        return (rest.lstrip(" \t"),), None
    if not args or (single and first == ""):
        return (), f"missing argument for {keyword}"
    if single and len(args) > 1:
        return (), f"keyword {keyword} extra arguments at end of line"
    if single:
        return _single(kw, keyword, first, version)
    return _words(kw, keyword, args)


def _single(kw: Keyword, keyword: str, first: str, version: OpenSshVersion) -> ParseResult:
    """The kinds that take exactly one argument."""
    kind = kw.kind
    if kind in (V.FLAG, V.MULTI):
        value = MULTISTATE[kw.choices or Choices.FLAG].get(first.lower())
        return ((value,), None) if value else ((), f'unsupported option "{shown(first)}"')
    if kind is V.INT:
        number = _int(first)
        return ((str(number),), None) if number is not None else ((), f"{keyword} integer value invalid")
    if kind in (V.TIME, V.TIME_NONE):
        if kind is V.TIME_NONE and first.lower() == "none":
            return ("none",), None
        secs = convtime(first)
        if secs is None:
            return (), "invalid time value"
        return (("none" if kind is V.TIME_NONE and secs == 0 else str(secs)),), None
    if kind is V.ALGO and kw.family is not None:
        error = validate(kw.family, first, version)
        return ((first,), None) if error is None else ((), f"Bad {keyword} value: {error}")
    if kind is V.LOGLEVEL:
        level = LOG_LEVELS.get(first.lower())
        return ((level,), None) if level else ((), f"unsupported log level '{shown(first)}'")
    if kind is V.FACILITY:
        ok = first.lower() in FACILITIES
        return ((first.upper(),), None) if ok else ((), f"unsupported log facility '{shown(first)}'")
    if kind is V.PORT:
        port = _port(first)
        return ((str(port),), None) if port else ((), "Badly formatted port number.")
    if kind is V.MAXSTARTUPS:
        spec = _maxstartups(first)
        return ((spec,), None) if spec else ((), f"Invalid {keyword} spec.")
    if kind is V.PERSOURCE:
        if first == "none":
            return ("none",), None
        number = _int(first)
        return ((str(number),), None) if number is not None else ((), f"{keyword} integer value invalid")
    if kind is V.USERENV:
        return (first,), None
    if kind is V.TUNNEL:
        mode = TUNNEL_MODES.get(first)
        return ((mode,), None) if mode else ((), f"bad permittunnel argument {shown(first)}")
    if kind in (V.HOSTKEY, V.STRING):
        return (first,), None
    return (), f"unhandled keyword kind {kind}"


def _words(kw: Keyword, keyword: str, args: Sequence[str]) -> ParseResult:
    """The kinds that take several arguments."""
    kind = kw.kind
    if kind is V.LISTEN:
        ok = len(args) == 1 or (len(args) == 3 and args[1] == "rdomain")
        return ((" ".join(args),), None) if ok else ((), f"keyword {keyword} extra arguments at end of line")
    if kind is V.ACCUM:
        if any(a == "" for a in args) or (kw.name == "acceptenv" and any("=" in a for a in args)):
            return (), f"invalid {keyword} pattern"
        return tuple(args), None
    if kind is V.ONELINE:
        return (" ".join(args),), None
    if kind is V.SETENV:
        if any("=" not in a for a in args):
            return (), "Invalid environment."
        return tuple(args), None
    if kind is V.SUBSYSTEM:
        if len(args) < 2:
            return (), "Missing subsystem command."
        return (" ".join(args),), None
    return (), f"unhandled keyword kind {kind}"
