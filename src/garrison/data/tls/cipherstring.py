"""OpenSSL's cipher-string language, as libssl 3.0 reads it (ssl/ssl_ciph.c), over the suites of
`garrison.data.tls.suites`: `expand("HIGH:!aNULL:!MD5")` is the list `SSL_CTX_set_cipher_list` builds.

A string is a list of elements split by `:`, `,`, `;` or space. An element is a cipher name or alias, or
several joined by `+` (all must hold); a prefix `!` removes for good, `-` removes, `+` moves to the end, none
adds to the end; `@STRENGTH` sorts by bulk-cipher strength and `@SECLEVEL=n` sets the security level.
Unknown names are ignored; a character outside names and separators, or an unknown `@` command, makes the
whole string invalid (the program then refuses its configuration). A string that starts with DEFAULT first
applies `ALL:!COMPLEMENTOFDEFAULT:!eNULL`. Names are case-sensitive. Pure; results are memoised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from garrison.data.tls.aliases import Pattern, Row, alias, available_aliases
from garrison.data.tls.model import AES, AESGCM, DEFAULT_MASK, STRONG_MASK, Au, CipherSuite, Enc, Kx, Mac
from garrison.data.tls.protocols import Protocol
from garrison.data.tls.suites import SUITES

DEFAULT_RULE = "ALL:!COMPLEMENTOFDEFAULT:!eNULL"
_SEPARATORS = frozenset(":, ;")
_NAME = re.compile(r"[A-Za-z0-9._=-]+")


_BY_NAME = {s.name: s for s in SUITES}


_ADD, _KILL, _DEL, _ORD, _BUMP = "add", "kill", "del", "ord", "bump"
_PREFIXES = {"-": _DEL, "+": _ORD, "!": _KILL}


def _mask(have: int, new: int) -> int | None:
    """One attribute of `A+B`: masks intersect; None when nothing can match any more."""
    if not new:
        return have
    if not have:
        return new
    return (have & new) or None


def _grade(have: int, new: int) -> int | None:
    strong, default = new & STRONG_MASK, new & DEFAULT_MASK
    if strong:  # OpenSSL replaces (not intersects) when no strength class was given before
        have = have & (strong | ~STRONG_MASK) if have & STRONG_MASK else strong
        if not have & STRONG_MASK:
            return None
    if default:
        have = have & (default | ~DEFAULT_MASK) if have & DEFAULT_MASK else have | default
        if not have & DEFAULT_MASK:
            return None
    return have


def _narrow(have: Pattern, name: str) -> Pattern | None:
    """`have` joined with one more `+` part; None when the part is unknown or nothing can match."""
    suite = _BY_NAME.get(name)
    new = (
        available_aliases().get(name)
        if suite is None
        else alias(suite.kx, suite.au, suite.enc, suite.mac, suite.grade)
    )
    if new is None:
        return None
    kx, au = _mask(have.kx, new.kx), _mask(have.au, new.au)
    enc, mac = _mask(have.enc, new.enc), _mask(have.mac, new.mac)
    grade = _grade(have.grade, new.grade)
    if kx is None or au is None or enc is None or mac is None or grade is None:
        return None
    min_tls = have.min_tls
    if suite is None and new.min_tls is not None:  # a named suite's version is not part of the pattern
        if min_tls is not None and min_tls != new.min_tls:
            return None
        min_tls = new.min_tls
    return Pattern(kx, au, enc, mac, min_tls, grade, suite.id if suite else have.suite)


class _List:
    """The ordered suite list and its active marks (`CIPHER_ORDER`); each operation keeps OpenSSL's order."""

    def __init__(self, rows: Iterable[Row], active: Iterable[int] = ()) -> None:
        self.rows = list(rows)
        self.active = set(active)

    def copy(self) -> _List:
        return _List(self.rows, self.active)

    def apply(self, op: str, pattern: Pattern) -> None:
        hit = [r for r in self.rows if pattern.selects(r)]
        if not hit:
            return
        ids = self.active
        if op == _ADD:  # inactive matches move to the end, active
            moved = [r for r in hit if r.id not in ids]
            ids.update(r.id for r in moved)
            self._to_end(moved)
        elif op == _ORD:  # active matches move to the end
            self._to_end([r for r in hit if r.id in ids])
        elif op in (_DEL, _BUMP):  # active matches move to the front (DEL: inactive, first in line to re-add)
            moved = [r for r in hit if r.id in ids]
            if op == _DEL:
                ids.difference_update(r.id for r in moved)
            gone = {r.id for r in moved}
            self.rows = moved + [r for r in self.rows if r.id not in gone]
        else:  # KILL: out of the list for good
            gone = {r.id for r in hit}
            ids.difference_update(gone)
            self.rows = [r for r in self.rows if r.id not in gone]

    def _to_end(self, moved: list[Row]) -> None:
        gone = {r.id for r in moved}
        self.rows = [r for r in self.rows if r.id not in gone] + moved

    def strength_sort(self) -> None:
        """`@STRENGTH`: active suites to the end, strongest bulk cipher first, order kept within a tie."""
        live = [r for r in self.rows if r.id in self.active]
        live.sort(key=lambda r: -r.suite.bits)
        self._to_end(live)

    def selected(self) -> tuple[CipherSuite, ...]:
        return tuple(r.suite for r in self.rows if r.id in self.active)


def _initial() -> _List:
    """The list before the rule string: every suite ranked by OpenSSL's preferences, all inactive."""
    rows = [
        Row(s, s.id, int(s.kx), int(s.au), int(s.enc), int(s.mac), s.min_tls, int(s.grade)) for s in SUITES
    ]
    rows.sort(key=lambda r: -r.id)  # ssl3_get_cipher() hands the compiled-in table out from its end
    order = _List(rows)
    ecdhe, dhe_or_ecdhe = int(Kx.ECDHE), int(Kx.DHE | Kx.ECDHE)
    for op, pattern in (
        (_ADD, Pattern(kx=ecdhe, au=int(Au.ECDSA))),
        (_ADD, Pattern(kx=ecdhe)),
        (_DEL, Pattern(kx=ecdhe)),
        (_ADD, Pattern(enc=int(AESGCM))),
        (_ADD, Pattern(enc=int(Enc.CHACHA20POLY1305))),
        (_ADD, Pattern(enc=int(AES ^ AESGCM))),
        (_ADD, Pattern()),
        (_ORD, Pattern(mac=int(Mac.MD5))),
        (_ORD, Pattern(au=int(Au.NULL))),
        (_ORD, Pattern(kx=int(Kx.RSA))),
        (_ORD, Pattern(kx=int(Kx.PSK))),
        (_ORD, Pattern(enc=int(Enc.RC4))),
    ):
        order.apply(op, pattern)
    order.strength_sort()
    for pattern in (
        Pattern(min_tls=Protocol.TLS12),
        Pattern(mac=int(Mac.AEAD)),
        Pattern(kx=dhe_or_ecdhe),
        Pattern(kx=dhe_or_ecdhe, mac=int(Mac.AEAD)),
    ):
        order.apply(_BUMP, pattern)
    order.apply(_DEL, Pattern())
    return order


@lru_cache(maxsize=1)
def _start() -> _List:
    return _initial()


def _special(name: str) -> bool:
    """`@STRENGTH` and `@SECLEVEL=0..5` are the commands libssl knows."""
    return name == "STRENGTH" or (len(name) == 10 and name.startswith("SECLEVEL=") and name[9] in "012345")


def _process(rule: str, order: _List) -> bool:
    """Apply one rule string (ssl_cipher_process_rulestr); False when libssl rejects it."""
    ok, pos, end = True, 0, len(rule)
    while pos < end:
        char = rule[pos]
        if char in _SEPARATORS:
            pos += 1
            continue
        op = _PREFIXES.get(char, _ADD)
        special = char == "@"
        pos += 1 if op != _ADD or special else 0
        pattern: Pattern | None = Pattern()
        while True:
            found = _NAME.match(rule, pos)
            if found is None:
                return False  # "invalid command"
            name, pos = found.group(), found.end()
            if special:
                if name == "STRENGTH":
                    order.strength_sort()
                ok = ok and _special(name)
                break
            multi = rule.startswith("+", pos)
            pos += multi
            assert pattern is not None
            pattern = _narrow(pattern, name)
            if pattern is None or not multi:
                break
        if not special and pattern is not None:
            order.apply(op, pattern)
            continue
        while pos < end and rule[pos] not in _SEPARATORS:
            pos += 1  # the rest of an ignored element, or of an @command
    return ok


@lru_cache(maxsize=512)
def expand(cipher_string: str) -> tuple[CipherSuite, ...] | None:
    """The TLS 1.2-and-older suites the string selects, in preference order; None when libssl refuses it
    (invalid, or no suite selected: nginx, PostgreSQL and the others then refuse to start).
    Memoised: thousands of servers usually share a handful of strings."""
    order = _start().copy()
    rule = cipher_string
    if rule.startswith("DEFAULT"):
        if not _process(DEFAULT_RULE, order):
            return None
        rule = rule[7:].removeprefix(":")
    if not _process(rule, order):
        return None
    return order.selected() or None
