"""What a secret looks like, without keeping it: kind, length, entropy, weak patterns.

Garrison never stores or prints a secret value. Parsers that meet one (an environment variable named like a
secret, an MTProto proxy secret) call `summarise_secret` and keep only the resulting `SecretSummary`, whose
`describe()` is safe to show ("16-byte hex secret, entropy 3.8 bits/char").

MTProto secrets (Telegram's proxy protocol, as used by mtg and telegrammessenger/proxy) are 16 random bytes
written as 32 hex digits; a `dd` prefix selects the padded "secure" mode and an `ee` prefix selects fake-TLS,
where the 16 bytes are followed by the hex of the fronting domain. mtg 2 also writes the `ee` form in
base64url (which then starts with `7`).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from garrison.facts.placeholders import has_placeholder

#: Names of environment variables that hold a secret (matched case-insensitively on the whole name).
SECRET_NAME = re.compile(
    r"(?i)^(?!.*_(FILE|PATH|DIR|LENGTH|ROTATION\w*|EXPIRY|EXPIRES|TTL|TIMEOUT|LIFETIME|ENABLED|ALGORITHM|HEADER|"
    r"TYPE|POLICY|NAME|USER|ID)$).*"
    r"(SECRET|PASSW(OR)?D|PASSPHRASE|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|AUTH_?KEY|CREDENTIALS?|"
    r"ENCRYPTION_?KEY|SIGNING_?KEY|DSN|DATABASE_URL)"
)

#: Variable names that carry an MTProto proxy secret (mtg, telegrammessenger/proxy, mtprotoproxy images).
MTPROTO_SECRET_NAMES = frozenset(
    {"MTG_SECRET", "SECRET", "SECRETS", "MTPROTO_SECRET", "MTPROXY_SECRET", "PROXY_SECRET", "TG_SECRET"}
)

#: Values published in proxy READMEs, docs and tutorials; anyone can connect with them.
KNOWN_EXAMPLE_SECRETS = frozenset(
    {
        "00000000000000000000000000000000",
        "ffffffffffffffffffffffffffffffff",
        "0123456789abcdef0123456789abcdef",
        "1234567890abcdef1234567890abcdef",
        "abcdef0123456789abcdef0123456789",
        "deadbeefdeadbeefdeadbeefdeadbeef",
        "00baadf00d15abad1deaa51sbaadcafe",
        "11111111111111111111111111111111",
    }
)

_HEX = re.compile(r"^[0-9a-fA-F]+$")
_URL_USERINFO = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://([^/@\s]*)@")
#: Values that are settings, not secrets: booleans, small numbers, durations (TOKEN_EXPIRY=3600, 15m).
TRIVIAL = re.compile(r"(?i)^(true|false|yes|no|on|off|none|null|\d{1,6}[smhdw]?)$")
_SEQUENCES = ("0123456789abcdef", "fedcba9876543210", "abcdefghijklmnopqrstuvwxyz", "0123456789")
WEAK_ENTROPY_BITS = 3.0  # random hex scores ~3.7-3.9 bits/char over 32 characters


class SecretKind(StrEnum):
    """What a value named like a secret holds: a secret written out, or something that is not one."""

    HEX = "hex"
    BASE64 = "base64"
    TEXT = "text"
    EMPTY = "empty"
    PLACEHOLDER = "placeholder"  # an unrendered template placeholder
    REFERENCE = "reference"  # /run/secrets/..., a URL without a password
    TRIVIAL = "trivial"  # a flag or a small number (TOKEN_EXPIRY=3600)


#: The kinds that are a secret value written out.
LITERAL_KINDS = frozenset({SecretKind.HEX, SecretKind.BASE64, SecretKind.TEXT})


class MtprotoMode(StrEnum):
    """An MTProto proxy secret's mode, chosen by its prefix."""

    NONE = ""  # not an MTProto secret, or not one Garrison could read
    PLAIN = "plain"  # no prefix: the detectable original protocol
    SECURE = "secure"  # dd: random padding
    FAKETLS = "faketls"  # ee: looks like TLS to a fronting domain


@dataclass(frozen=True, slots=True)
class SecretSummary:
    """A secret described without its value."""

    kind: SecretKind
    length: int  # characters of the value (body bytes for MTProto, see `bytes`)
    entropy: float  # Shannon entropy of the characters, bits per character
    bytes: int | None = None  # decoded key bytes (MTProto body), when decodable
    mode: MtprotoMode = MtprotoMode.NONE
    repeated: bool = False  # one short pattern repeated
    sequential: bool = False  # a run like 0123456789abcdef
    known_example: bool = False

    @property
    def literal(self) -> bool:
        """A secret value written out (not empty, not a ${VAR} or /run/secrets reference, not a flag)."""
        return self.kind in LITERAL_KINDS

    @property
    def weak(self) -> bool:
        return self.repeated or self.sequential or self.known_example or self.entropy < WEAK_ENTROPY_BITS

    def describe(self) -> str:
        if not self.literal:
            return f"{self.kind} value"
        size = f"{self.bytes}-byte" if self.bytes is not None else f"{self.length}-character"
        mode = f" ({self.mode} mode)" if self.mode else ""
        return f"{size} {self.kind} secret{mode}, entropy {self.entropy:.1f} bits/char"


def shannon_entropy(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    total = len(text)
    return abs(sum(n / total * math.log2(n / total) for n in counts.values()))


def _repeated(text: str) -> bool:
    if len(text) < 4:
        return False
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return True
    return False


def _sequential(text: str) -> bool:
    low = text.lower()
    return any(seq[:8] in low for seq in _SEQUENCES if len(low) >= 8)


def summarise_secret(value: str) -> SecretSummary:
    """Describe any secret value (password, token); pure, never raises."""
    text = value.strip()
    if not text:
        return SecretSummary(SecretKind.EMPTY, 0, 0.0)
    if text.startswith("/run/secrets/"):
        return SecretSummary(SecretKind.REFERENCE, len(text), 0.0)
    if has_placeholder(text, env="shell"):
        return SecretSummary(SecretKind.PLACEHOLDER, len(text), 0.0)
    if TRIVIAL.match(text):
        return SecretSummary(SecretKind.TRIVIAL, len(text), 0.0)
    url = _URL_USERINFO.match(text)
    if "://" in text and (url is None or ":" not in url.group(1)):
        return SecretSummary(SecretKind.REFERENCE, len(text), 0.0)  # a URL without an embedded password
    kind = SecretKind.HEX if _HEX.match(text) else SecretKind.TEXT
    return SecretSummary(
        kind,
        len(text),
        shannon_entropy(text),
        repeated=_repeated(text),
        sequential=_sequential(text),
        known_example=text.lower() in KNOWN_EXAMPLE_SECRETS,
    )


def _b64(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def summarise_mtproto_secret(value: str) -> SecretSummary:
    """Describe one MTProto proxy secret (hex, `dd`/`ee` prefixed, or mtg's base64 form); never raises."""
    text = value.strip().strip("'\"")
    if not text:
        return SecretSummary(SecretKind.EMPTY, 0, 0.0)
    if has_placeholder(text, env="shell"):
        return SecretSummary(SecretKind.PLACEHOLDER, len(text), 0.0)
    if _HEX.match(text):
        low = text.lower()
        mode, body = MtprotoMode.PLAIN, low
        if len(low) > 32 and low[:2] in ("dd", "ee"):
            mode = MtprotoMode.SECURE if low[:2] == "dd" else MtprotoMode.FAKETLS
            body = low[2:34]
        return SecretSummary(
            SecretKind.HEX,
            len(body),
            shannon_entropy(body),
            bytes=len(body) // 2,
            mode=mode,
            repeated=_repeated(body),
            sequential=_sequential(body),
            known_example=body in KNOWN_EXAMPLE_SECRETS or low in KNOWN_EXAMPLE_SECRETS,
        )
    raw = _b64(text) if re.fullmatch(r"[A-Za-z0-9_\-]+=*", text) else None
    if raw and len(raw) >= 17 and raw[0] in (0xDD, 0xEE):
        body = raw[1:17].hex()
        return SecretSummary(
            SecretKind.BASE64,
            len(text),
            shannon_entropy(body),
            bytes=16,
            mode=MtprotoMode.SECURE if raw[0] == 0xDD else MtprotoMode.FAKETLS,
            repeated=_repeated(body),
            sequential=_sequential(body),
            known_example=body in KNOWN_EXAMPLE_SECRETS,
        )
    summary = summarise_secret(text)
    return SecretSummary(
        summary.kind,
        summary.length,
        summary.entropy,
        bytes=None,
        mode=MtprotoMode.NONE,
        repeated=summary.repeated,
        sequential=summary.sequential,
        known_example=summary.known_example,
    )
