"""Checking and normalising one directive's arguments the way sshd 9.2p1 does (servconf.c), pure.

`parse_value` returns the values as `sshd -T` prints them (one entry per printed line) or the message sshd
would die with. Algorithm lists stay as written (they are assembled later against the defaults).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from garrison.facts.quoting import shown
from garrison.facts.sshd.algorithms import validate
from garrison.facts.sshd.keywords import FACILITIES, LOG_LEVELS, MULTISTATE, TUNNEL_MODES, Keyword

INT_MAX = 2**31 - 1
_TIME_PART = re.compile(r"(\d+)([sSmMhHdDwW]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_MAXSTARTUPS = re.compile(r"^([+-]?\d+)(?::([+-]?\d+):([+-]?\d+))?")
_SERVICES = {"ssh": 22}

ParseResult = tuple[tuple[str, ...], str | None]


def convtime(text: str) -> int | None:
    """Seconds for an sshd time value (`90`, `2m`, `1h30m`), None when sshd rejects it."""
    if not text:
        return None
    total, pos = 0, 0
    while pos < len(text):
        part = _TIME_PART.match(text, pos)
        if part is None:
            return None
        secs = int(part.group(1)) * _UNITS[part.group(2).lower()]
        total += secs
        if total > INT_MAX:
            return None
        pos = part.end()
    return total


def _int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and int(text) <= INT_MAX else None


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


def parse_value(kw: Keyword, keyword: str, args: Sequence[str], rest: str) -> ParseResult:
    """(printed values, None) or ((), the error sshd reports)."""
    kind, _, table = kw.kind.partition(":")
    first = args[0] if args else ""
    single = kind in ("flag", "multi", "int", "time", "time-none", "algo", "loglevel", "facility", "port")
    single = single or kind in ("hostkey", "string", "maxstartups", "persource", "userenv", "tunnel")
    if kind in ("rest", "ignore", "other", "match", "include"):
        return (rest.lstrip(" \t"),), None
    if not args or (single and first == ""):
        return (), f"missing argument for {keyword}"
    if single and len(args) > 1:
        return (), f"keyword {keyword} extra arguments at end of line"
    if kind in ("flag", "multi"):
        value = MULTISTATE[table or "flag"].get(first.lower())
        return ((value,), None) if value else ((), f'unsupported option "{shown(first)}"')
    if kind == "int":
        number = _int(first)
        return ((str(number),), None) if number is not None else ((), f"{keyword} integer value invalid")
    if kind in ("time", "time-none"):
        if kind == "time-none" and first.lower() == "none":
            return ("none",), None
        secs = convtime(first)
        if secs is None:
            return (), "invalid time value"
        return (("none" if kind == "time-none" and secs == 0 else str(secs)),), None
    if kind == "algo":
        error = validate(table, first)
        return ((first,), None) if error is None else ((), f"Bad {keyword} value: {error}")
    if kind == "loglevel":
        level = LOG_LEVELS.get(first.lower())
        return ((level,), None) if level else ((), f"unsupported log level '{shown(first)}'")
    if kind == "facility":
        ok = first.lower() in FACILITIES
        return ((first.upper(),), None) if ok else ((), f"unsupported log facility '{shown(first)}'")
    if kind == "port":
        port = _port(first)
        return ((str(port),), None) if port else ((), "Badly formatted port number.")
    if kind == "maxstartups":
        spec = _maxstartups(first)
        return ((spec,), None) if spec else ((), f"Invalid {keyword} spec.")
    if kind == "persource":
        if first == "none":
            return ("none",), None
        number = _int(first)
        return ((str(number),), None) if number is not None else ((), f"{keyword} integer value invalid")
    if kind == "userenv":
        return (first,), None
    if kind == "tunnel":
        mode = TUNNEL_MODES.get(first)
        return ((mode,), None) if mode else ((), f"bad permittunnel argument {shown(first)}")
    if kind in ("hostkey", "string"):
        return (first,), None
    if kind == "listen":
        ok = len(args) == 1 or (len(args) == 3 and args[1] == "rdomain")
        return ((" ".join(args),), None) if ok else ((), f"keyword {keyword} extra arguments at end of line")
    if kind == "accum":
        if any(a == "" for a in args) or (kw.name == "acceptenv" and any("=" in a for a in args)):
            return (), f"invalid {keyword} pattern"
        return tuple(args), None
    if kind == "oneline":
        return (" ".join(args),), None
    if kind == "setenv":
        if any("=" not in a for a in args):
            return (), "Invalid environment."
        return tuple(args), None
    if kind == "subsystem":
        if len(args) < 2:
            return (), "Missing subsystem command."
        return (" ".join(args),), None
    return (), f"unhandled keyword kind {kind}"
