"""Password hash *schemes* from /etc/shadow (shadow(5), crypt(5) of libxcrypt 4.4, Debian 12).

Only the kind of each hash is kept (`HashScheme`), never the hash: the model cannot leak a secret.
`parse_shadow` is pure and never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from garrison.facts.accounts.lines import colon_records
from garrison.model import Location, ParseIssue

SHADOW_PATH = "/etc/shadow"


class HashScheme(StrEnum):
    YESCRYPT = "yescrypt"  # $y$
    GOST_YESCRYPT = "gost-yescrypt"  # $gy$
    SCRYPT = "scrypt"  # $7$
    BCRYPT = "bcrypt"  # $2a$ $2b$ $2x$ $2y$
    SHA512 = "sha512crypt"  # $6$
    SHA256 = "sha256crypt"  # $5$
    SHA1 = "sha1crypt"  # $sha1$
    SUNMD5 = "sunmd5"  # $md5
    MD5 = "md5crypt"  # $1$
    NTHASH = "nthash"  # $3$
    BSDI = "bsdicrypt"  # _
    DES = "descrypt"  # 13 characters
    BIGCRYPT = "bigcrypt"  # DES-based, more than 13 characters of the DES alphabet
    EMPTY = "empty"  # no password: anyone may log in where PAM allows nullok
    NONE = "none"  # no usable hash at all (`*`, `!`, `!!`)
    UNKNOWN = "unknown"  # not a format crypt(3) knows: no password can match it


#: Schemes that are fast to brute-force or broken; crypt(5) marks them "weak" or "legacy".
WEAK_SCHEMES = frozenset(
    {
        HashScheme.DES,
        HashScheme.BIGCRYPT,
        HashScheme.BSDI,
        HashScheme.MD5,
        HashScheme.NTHASH,
        HashScheme.SUNMD5,
    }
)

_PREFIXES = (
    ("$y$", HashScheme.YESCRYPT),
    ("$gy$", HashScheme.GOST_YESCRYPT),
    ("$7$", HashScheme.SCRYPT),
    ("$2a$", HashScheme.BCRYPT),
    ("$2b$", HashScheme.BCRYPT),
    ("$2x$", HashScheme.BCRYPT),
    ("$2y$", HashScheme.BCRYPT),
    ("$6$", HashScheme.SHA512),
    ("$5$", HashScheme.SHA256),
    ("$sha1$", HashScheme.SHA1),
    ("$md5", HashScheme.SUNMD5),
    ("$1$", HashScheme.MD5),
    ("$3$", HashScheme.NTHASH),
)
_DES_ALPHABET = re.compile(r"^[./0-9A-Za-z]+$")


def classify_hash(field: str) -> tuple[HashScheme, bool]:
    """(scheme, locked) of a shadow password field. `!` in front locks a hash without destroying it."""
    locked = field.startswith("!")
    rest = field.lstrip("!")
    if not field:
        return HashScheme.EMPTY, False
    if locked and not rest:
        return HashScheme.NONE, True
    if rest.startswith("*") or rest in ("x", "LK", "NP"):
        return HashScheme.NONE, True
    for prefix, scheme in _PREFIXES:
        if rest.startswith(prefix):
            return scheme, locked
    if rest.startswith("_") and len(rest) == 20:
        return HashScheme.BSDI, locked
    if _DES_ALPHABET.match(rest):
        if len(rest) == 13:
            return HashScheme.DES, locked
        if len(rest) > 13 and (len(rest) - 2) % 11 == 0:
            return HashScheme.BIGCRYPT, locked
    return HashScheme.UNKNOWN, True


@dataclass(frozen=True, slots=True)
class ShadowEntry:
    name: str
    scheme: HashScheme
    locked: bool  # no password can log in (`!`/`*` prefix, or not a valid hash)
    location: Location
    max_days: int | None = None
    expire_day: int | None = None  # days since 1970-01-01 after which the account is disabled

    @property
    def usable_password(self) -> bool:
        """A password (possibly empty) can authenticate this account."""
        return not self.locked and self.scheme is not HashScheme.NONE


@dataclass(frozen=True, slots=True)
class ShadowFacts:
    """Hash schemes by account. `present` is False when the target has no /etc/shadow (an offline tree
    without it): rules that only need /etc/passwd still judge, rules that need hashes become n/a."""

    entries: tuple[ShadowEntry, ...]
    present: bool = True

    def entry(self, name: str) -> ShadowEntry | None:
        return next((e for e in self.entries if e.name == name), None)


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def parse_shadow(text: str, path: str = SHADOW_PATH) -> tuple[ShadowFacts, tuple[ParseIssue, ...]]:
    """Pure, never raises. `name:hash:lastchg:min:max:warn:inactive:expire:` -> hash schemes, issues."""
    entries: list[ShadowEntry] = []
    issues: list[ParseIssue] = []
    for where, fields in colon_records(text, path, 9, issues):
        if not fields[0]:
            issues.append(ParseIssue(where, "expected 9 colon-separated fields, found 9"))
            continue
        scheme, locked = classify_hash(fields[1])
        entries.append(ShadowEntry(fields[0], scheme, locked, where, _number(fields[4]), _number(fields[7])))
    return ShadowFacts(tuple(entries)), tuple(issues)
