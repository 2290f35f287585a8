"""OpenSSL cipher strings: which weak families a string asks for, and what it expands to.

Two views, because the auditing host's OpenSSL may lack what the target's has: the *tokens* of the string
(OpenSSL syntax: `A:B`, `!X` removes for good, `-X` removes, `+X` reorders, `A+B` intersects) name weak
families directly; the *expansion* through this host's OpenSSL (Python's `ssl`, OpenSSL 3.0 on Debian 12)
gives each resulting suite's key exchange, authentication, cipher and MAC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Weak family -> the token components (case-sensitive, as OpenSSL spells them) that select it.
WEAK_FAMILIES: dict[str, tuple[str, ...]] = {
    "RC4": ("RC4",),
    "3DES": ("3DES", "DES-CBC3"),
    "DES": ("DES", "DES-CBC"),
    "NULL": ("NULL", "eNULL", "COMPLEMENTOFALL"),
    "aNULL": ("aNULL", "ADH", "AECDH", "COMPLEMENTOFDEFAULT"),
    "EXPORT": ("EXP", "EXPORT", "EXPORT40", "EXPORT56"),
    "MD5": ("MD5",),
    "LOW": ("LOW",),
}
_SPLIT = re.compile(r"[:, ]+")


def tokens(cipher_string: str) -> tuple[str, ...]:
    return tuple(t for t in _SPLIT.split(cipher_string.strip()) if t)


def _mentions(token: str, aliases: tuple[str, ...]) -> bool:
    body = token.lstrip("!-+")
    for part in body.split("+"):
        if part in aliases:
            return True
        pieces = part.split("-")  # a suite name such as ECDHE-RSA-RC4-SHA or EXP-RC4-MD5
        if len(pieces) > 1 and any(alias in pieces for alias in aliases):
            return True
        if len(pieces) > 1 and any(alias in part for alias in aliases if "-" in alias):
            return True
    return False


@lru_cache(maxsize=256)
def weak_families_named(cipher_string: str) -> tuple[str, ...]:
    """Weak families the string adds and never removes for good with `!` (ALL brings aNULL along)."""
    toks = tokens(cipher_string)
    found: list[str] = []
    for family, aliases in WEAK_FAMILIES.items():
        banned = any(t.startswith("!") and _mentions(t, aliases) for t in toks)
        added = any(not t.startswith(("!", "-")) and _mentions(t, aliases) for t in toks)
        if family == "aNULL" and any(t in ("ALL", "+ALL") for t in toks):
            added = True
        if added and not banned:
            found.append(family)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Suite:
    name: str
    protocol: str
    kea: str
    auth: str
    symmetric: str
    digest: str | None
    aead: bool

    @property
    def tls13(self) -> bool:
        return self.protocol == "TLSv1.3"

    @property
    def usable(self) -> bool:
        """PSK and SRP suites need callbacks nginx never installs: they are never negotiated."""
        return "psk" not in self.kea and "srp" not in self.kea

    @property
    def forward_secret(self) -> bool:
        return self.kea in ("kx-ecdhe", "kx-dhe", "kx-any")

    @property
    def weak(self) -> str | None:
        if self.auth == "auth-null":
            return "aNULL"
        if self.symmetric in ("", "null", None) or "null" in self.symmetric:
            return "NULL"
        if "rc4" in self.symmetric:
            return "RC4"
        if "des" in self.symmetric:
            return "3DES" if "ede3" in self.symmetric or "3des" in self.symmetric else "DES"
        if self.digest == "md5":
            return "MD5"
        return None


@lru_cache(maxsize=256)
def expand(cipher_string: str) -> tuple[Suite, ...] | None:
    """The TLS 1.2-and-older suites the string selects on this host's OpenSSL; None if it selects none.
    Cached: thousands of servers usually share a handful of cipher strings."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.set_ciphers(cipher_string)
    except (ssl.SSLError, ValueError):
        return None
    suites = tuple(
        Suite(
            str(c.get("name", "")),
            str(c.get("protocol", "")),
            str(c.get("kea", "")),
            str(c.get("auth", "")),
            str(c.get("symmetric") or ""),
            c.get("digest"),
            bool(c.get("aead")),
        )
        for c in context.get_ciphers()
    )
    return tuple(s for s in suites if not s.tls13 and s.usable)
