"""TLS protocol versions and their verdicts, whatever a program calls them (`TLSv1.1`, `tlsv1_1`, `1.1`).

Sources: RFC 8996 (TLS 1.0 and 1.1 deprecated), RFC 7568 (SSLv3 prohibited), RFC 6176 (SSLv2 prohibited),
RFC 8446 (TLS 1.3). Each pack maps its own spelling to a `Protocol`; the verdict is decided here.
"""

from __future__ import annotations

from enum import StrEnum

from garrison.data.verdicts import Rated, Verdict, by_name


class Protocol(StrEnum):
    """Values are OpenSSL's (and nginx's) spelling; the order is oldest first."""

    SSLV2 = "SSLv2"
    SSLV3 = "SSLv3"
    TLS1 = "TLSv1"
    TLS11 = "TLSv1.1"
    TLS12 = "TLSv1.2"
    TLS13 = "TLSv1.3"

    @property
    def rank(self) -> int:
        return _ORDER.index(self)

    @property
    def verdict(self) -> Verdict:
        return PROTOCOLS[self].verdict


_ORDER = tuple(Protocol)


PROTOCOLS: dict[Protocol, Rated[Protocol]] = by_name(
    Rated(Protocol.SSLV2, Verdict.BROKEN, "SSLv2 is broken (RFC 6176: never negotiate it)"),
    Rated(Protocol.SSLV3, Verdict.BROKEN, "SSLv3 is broken by POODLE (RFC 7568)"),
    Rated(Protocol.TLS1, Verdict.WEAK, "TLS 1.0 is deprecated (RFC 8996: BEAST, SHA-1 PRF)"),
    Rated(Protocol.TLS11, Verdict.WEAK, "TLS 1.1 is deprecated (RFC 8996)"),
    Rated(Protocol.TLS12, Verdict.OK, "TLS 1.2 is sound with AEAD, forward-secret suites"),
    Rated(Protocol.TLS13, Verdict.PREFERRED, "TLS 1.3 has only AEAD, forward-secret suites"),
)

#: The lowest version that passes: a configured floor below it fails.
FLOOR = Protocol.TLS12

_SPELLINGS = {
    "sslv2": Protocol.SSLV2,
    "sslv3": Protocol.SSLV3,
    "tlsv1": Protocol.TLS1,
    "tlsv1.0": Protocol.TLS1,
    "tlsv1_0": Protocol.TLS1,
    "tls1": Protocol.TLS1,
    "1.0": Protocol.TLS1,
    "tlsv1.1": Protocol.TLS11,
    "tlsv1_1": Protocol.TLS11,
    "1.1": Protocol.TLS11,
    "tlsv1.2": Protocol.TLS12,
    "tlsv1_2": Protocol.TLS12,
    "1.2": Protocol.TLS12,
    "tlsv1.3": Protocol.TLS13,
    "tlsv1_3": Protocol.TLS13,
    "1.3": Protocol.TLS13,
}


def protocol_named(text: str) -> Protocol | None:
    """The version a program's spelling names (`TLSv1.2`, `tlsv1_2`, `1.2`, case-insensitive), or None."""
    return _SPELLINGS.get(text.strip().lower())


def floor_passes(lowest: Protocol) -> bool:
    """A configured minimum version is acceptable: nothing below the policy floor can be negotiated."""
    return lowest.rank >= FLOOR.rank


def any_fails(offered: tuple[Protocol, ...] | list[Protocol]) -> bool:
    return any(p.verdict.fails for p in offered)
