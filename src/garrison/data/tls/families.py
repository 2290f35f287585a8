"""Weak cipher families and the weaknesses of otherwise sound suites, with their verdicts and reasons, and
which families a cipher string names (the view for suites Debian 12's OpenSSL lacks).

Sources: RFC 7465 (RC4 prohibited), RFC 8996, Sweet32 (64-bit block ciphers: 3DES, IDEA), FREAK and Logjam
(export grade), Mozilla's server-side TLS guidelines (intermediate: AEAD, forward-secret suites only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from garrison.data.tls.aliases import ALIASES
from garrison.data.tls.model import Au, CipherSuite, Enc, Mac
from garrison.data.tls.suites import SUITES
from garrison.data.verdicts import Verdict


class CipherFamily(StrEnum):
    """A family of suites no cipher list should allow; values are how messages name them."""

    NULL = "NULL"
    ANON = "aNULL"
    EXPORT = "EXPORT"
    RC4 = "RC4"
    DES = "DES"
    TDES = "3DES"
    IDEA = "IDEA"
    SEED = "SEED"
    RC2 = "RC2"
    MD5 = "MD5"
    LOW = "LOW"


@dataclass(frozen=True, slots=True)
class FamilyPolicy:
    family: CipherFamily
    verdict: Verdict
    reason: str
    aliases: tuple[str, ...] = ()  # cipher-string words that select the family (any OpenSSL version)
    pieces: tuple[str, ...] = ()  # parts of suite names of the family (RC4-SHA, EXP-DES-CBC-SHA)
    removed_by: tuple[str, ...] = ()  # broader words that remove it (`!MEDIUM` in OpenSSL 1.1)


_B, _W = Verdict.BROKEN, Verdict.WEAK
_TDES_NAMES = ("3DES", "EDH-DSS-DES-CBC3-SHA", "EDH-RSA-DES-CBC3-SHA")  # the last two are aliases in 3.0
FAMILIES: dict[CipherFamily, FamilyPolicy] = {
    f.family: f
    for f in (
        FamilyPolicy(CipherFamily.NULL, _B, "no encryption at all"),
        FamilyPolicy(CipherFamily.ANON, _B, "no server authentication: anyone in the path can intercept"),
        FamilyPolicy(
            CipherFamily.EXPORT, _B, "40/56-bit export grade (FREAK, Logjam)",
            ("EXP", "EXPORT", "EXPORT40", "EXPORT56"), ("EXP", "EXP1024", "EXPORT"),
        ),
        FamilyPolicy(CipherFamily.RC4, _B, "keystream biases (RFC 7465)", ("RC4",), ("RC4",), ("MEDIUM",)),
        FamilyPolicy(CipherFamily.DES, _B, "56-bit keys, brute-forced", ("DES",), ("DES",), ("LOW",)),
        FamilyPolicy(
            CipherFamily.TDES, _W, "64-bit block (Sweet32)", _TDES_NAMES, ("3DES", "CBC3", "EDE"), ("MEDIUM",)
        ),
        FamilyPolicy(CipherFamily.IDEA, _W, "64-bit block (Sweet32)", ("IDEA",), ("IDEA",), ("MEDIUM",)),
        FamilyPolicy(
            CipherFamily.SEED, _W, "CBC and SHA-1 only, in no guide", ("SEED",), ("SEED",), ("MEDIUM",)
        ),
        FamilyPolicy(CipherFamily.RC2, _B, "RC2 (export and SSLv2 suites)", ("RC2",), ("RC2",), ("LOW",)),
        FamilyPolicy(CipherFamily.MD5, _B, "MD5 MACs", (), ("MD5",)),
        FamilyPolicy(CipherFamily.LOW, _B, "56/64-bit suites (the old LOW class)", ("LOW",)),
    )
}  # fmt: skip


class SuiteWeakness(StrEnum):
    """Why an otherwise acceptable suite is weaker than Mozilla's intermediate list asks for."""

    NO_FORWARD_SECRECY = "no forward secrecy"
    CBC = "CBC mode"
    SHA1_MAC = "SHA-1 MAC"


WEAKNESSES: dict[SuiteWeakness, tuple[Verdict, str]] = {
    SuiteWeakness.NO_FORWARD_SECRECY: (
        Verdict.WEAK, "static RSA key exchange: whoever later gets the key decrypts recorded traffic"
    ),
    SuiteWeakness.CBC: (Verdict.WEAK, "MAC-then-encrypt CBC (Lucky13, padding oracles); not an AEAD"),
    SuiteWeakness.SHA1_MAC: (Verdict.WEAK, "HMAC-SHA1 record MAC, only with CBC suites"),
}  # fmt: skip


_BY_ENC = (
    (Enc.RC4, CipherFamily.RC4),
    (Enc.DES, CipherFamily.DES),
    (Enc.TDES, CipherFamily.TDES),
    (Enc.IDEA, CipherFamily.IDEA),
    (Enc.SEED, CipherFamily.SEED),
    (Enc.RC2, CipherFamily.RC2),
)


def families_of(suite: CipherSuite) -> tuple[CipherFamily, ...]:
    """The weak families a suite belongs to (on Debian 12 only NULL, anonymous and MD5 suites exist)."""
    found = []
    if suite.enc & Enc.NULL:
        found.append(CipherFamily.NULL)
    if suite.au & Au.NULL:
        found.append(CipherFamily.ANON)
    found += [family for enc, family in _BY_ENC if suite.enc & enc]
    if suite.mac & Mac.MD5:
        found.append(CipherFamily.MD5)
    return tuple(found)


def weaknesses_of(suite: CipherSuite) -> tuple[SuiteWeakness, ...]:
    found = [] if suite.forward_secret else [SuiteWeakness.NO_FORWARD_SECRECY]
    if suite.cbc:
        found.append(SuiteWeakness.CBC)
    if suite.mac & Mac.SHA1:
        found.append(SuiteWeakness.SHA1_MAC)
    return tuple(found)


_ELEMENTS = re.compile(r"[:, ;]+")
_KNOWN = frozenset(ALIASES) | {s.name for s in SUITES}


def _named_by(part: str) -> tuple[CipherFamily, ...]:
    """Families a word names: an alias of one, or a suite name Debian's OpenSSL does not have."""
    by_alias = tuple(f.family for f in FAMILIES.values() if part in f.aliases)
    if by_alias or part in _KNOWN or "-" not in part:
        return by_alias
    pieces = set(part.split("-"))
    found = [f.family for f in FAMILIES.values() if pieces.intersection(f.pieces)]
    if CipherFamily.TDES in found and CipherFamily.DES in found:
        found.remove(CipherFamily.DES)  # DES-CBC3-SHA is 3DES
    return tuple(found)


def named_families(cipher_string: str) -> dict[CipherFamily, tuple[str, ...]]:
    """Weak families the string adds by name and does not remove afterwards, with the words that add them.

    This is OpenSSL's ordering for suites Debian's build lacks: `RC4:!RC4` and `!RC4:RC4` name nothing,
    `-RC4:RC4` names RC4, `!ALL` or `-ALL` removes every family, `!MEDIUM` the 1.1 MEDIUM families; a
    removal of one suite (`!RC4-SHA`) leaves RC4 named by other words. `+` only reorders."""
    added: dict[CipherFamily, list[str]] = {}
    killed: set[CipherFamily] = set()
    killed_words: set[str] = set()
    for element in _ELEMENTS.split(cipher_string):
        op, body = (element[0], element[1:]) if element[:1] in ("!", "-", "+", "@") else ("", element)
        parts = body.split("+")
        if op in ("!", "-") and len(parts) == 1:
            _remove(body, op == "!", added, killed, killed_words)
        elif op == "" and body not in killed_words:
            for family in {f for part in parts for f in _named_by(part)} - killed:
                added.setdefault(family, []).append(body)
    return {f: tuple(words) for f, words in sorted(added.items(), key=lambda i: _ORDER[i[0]]) if words}


def _remove(
    word: str, kill: bool, added: dict[CipherFamily, list[str]], killed: set[CipherFamily], words: set[str]
) -> None:
    broad = {
        f.family for f in FAMILIES.values() if word == "ALL" or word in f.aliases or word in f.removed_by
    }
    for family in broad:
        added.pop(family, None)
        if kill:
            killed.add(family)
    if kill:
        words.add(word)
    for family in _named_by(word):
        if family not in broad and family in added:
            added[family] = [w for w in added[family] if w != word]


_ORDER = {family: index for index, family in enumerate(CipherFamily)}
