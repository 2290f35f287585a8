"""The names OpenSSL 3.0's cipher-string language knows besides suite names (ssl/ssl_ciph.c
`cipher_aliases[]`), as `Pattern`s over the attribute bits of `garrison.data.tls.model`, and which of them
Debian 12's libssl drops because their algorithms are missing at run time."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from garrison.data.tls.model import (
    AES,
    AESGCM,
    CBC,
    DEFAULT_MASK,
    STRONG_MASK,
    Au,
    CipherSuite,
    Enc,
    Grade,
    Kx,
    Mac,
)
from garrison.data.tls.protocols import Protocol

_ALL_KX, _ALL_AU, _ALL_ENC = int(~Kx(0)), int(~Au(0)), int(~Enc(0))
_PSK = Kx.PSK | Kx.RSAPSK | Kx.ECDHEPSK | Kx.DHEPSK
_CAMELLIA = Enc.CAMELLIA128 | Enc.CAMELLIA256
_ARIA = Enc.ARIA128GCM | Enc.ARIA256GCM
_GOST_ENC = Enc.GOST89 | Enc.GOST8912 | Enc.MAGMA | Enc.KUZNYECHIK


@dataclass(frozen=True, slots=True)
class Pattern:
    """What an element selects: bit masks per attribute (0: any), a version, a strength, one suite's id."""

    kx: int = 0
    au: int = 0
    enc: int = 0
    mac: int = 0
    min_tls: Protocol | None = None
    grade: int = 0
    suite: int = 0  # a named suite's id

    def selects(self, s: Row) -> bool:
        if self.suite and self.suite != s.id:
            return False
        if (self.kx and not self.kx & s.kx) or (self.au and not self.au & s.au):
            return False
        if (self.enc and not self.enc & s.enc) or (self.mac and not self.mac & s.mac):
            return False
        if self.min_tls is not None and self.min_tls is not s.min_tls:
            return False
        strong, default = self.grade & STRONG_MASK, self.grade & DEFAULT_MASK
        return not ((strong and not strong & s.grade) or (default and not default & s.grade))


@dataclass(frozen=True, slots=True)
class Row:
    """A suite with its attributes as plain ints, for speed."""

    suite: CipherSuite
    id: int
    kx: int
    au: int
    enc: int
    mac: int
    min_tls: Protocol
    grade: int


def alias(kx: int = 0, au: int = 0, enc: int = 0, mac: int = 0, grade: int = 0) -> Pattern:
    return Pattern(int(kx), int(au), int(enc), int(mac), None, int(grade))


#: ssl_ciph.c `cipher_aliases[]` of OpenSSL 3.0.
ALIASES: dict[str, Pattern] = {
    "ALL": alias(enc=_ALL_ENC & ~Enc.NULL),
    "COMPLEMENTOFALL": alias(enc=Enc.NULL),
    "COMPLEMENTOFDEFAULT": alias(grade=Grade.NOT_DEFAULT),
    "kRSA": alias(kx=Kx.RSA),
    **dict.fromkeys(("kEDH", "kDHE", "DH"), alias(kx=Kx.DHE)),
    **dict.fromkeys(("kEECDH", "kECDHE", "ECDH"), alias(kx=Kx.ECDHE)),
    "kPSK": alias(kx=Kx.PSK),
    "kRSAPSK": alias(kx=Kx.RSAPSK),
    "kECDHEPSK": alias(kx=Kx.ECDHEPSK),
    "kDHEPSK": alias(kx=Kx.DHEPSK),
    "kSRP": alias(kx=Kx.SRP),
    "kGOST": alias(kx=Kx.GOST),
    "kGOST18": alias(kx=Kx.GOST18),
    "aRSA": alias(au=Au.RSA),
    **dict.fromkeys(("aDSS", "DSS"), alias(au=Au.DSS)),
    "aNULL": alias(au=Au.NULL),
    **dict.fromkeys(("aECDSA", "ECDSA"), alias(au=Au.ECDSA)),
    "aPSK": alias(au=Au.PSK),
    "aGOST01": alias(au=Au.GOST01),
    "aGOST12": alias(au=Au.GOST12),
    "aGOST": alias(au=Au.GOST01 | Au.GOST12),
    "aSRP": alias(au=Au.SRP),
    **dict.fromkeys(("EDH", "DHE"), alias(kx=Kx.DHE, au=_ALL_AU & ~Au.NULL)),
    **dict.fromkeys(("EECDH", "ECDHE"), alias(kx=Kx.ECDHE, au=_ALL_AU & ~Au.NULL)),
    "NULL": alias(enc=Enc.NULL),
    "RSA": alias(kx=Kx.RSA, au=Au.RSA),
    "ADH": alias(kx=Kx.DHE, au=Au.NULL),
    "AECDH": alias(kx=Kx.ECDHE, au=Au.NULL),
    "PSK": alias(kx=_PSK),
    "SRP": alias(kx=Kx.SRP),
    "3DES": alias(enc=Enc.TDES),
    "RC4": alias(enc=Enc.RC4),
    "RC2": alias(enc=Enc.RC2),
    "IDEA": alias(enc=Enc.IDEA),
    "SEED": alias(enc=Enc.SEED),
    "eNULL": alias(enc=Enc.NULL),
    "GOST": alias(enc=_GOST_ENC),
    "AES128": alias(enc=Enc.AES128 | Enc.AES128GCM | Enc.AES128CCM | Enc.AES128CCM8),
    "AES256": alias(enc=Enc.AES256 | Enc.AES256GCM | Enc.AES256CCM | Enc.AES256CCM8),
    "AES": alias(enc=AES),
    "AESGCM": alias(enc=AESGCM),
    "AESCCM": alias(enc=Enc.AES128CCM | Enc.AES256CCM | Enc.AES128CCM8 | Enc.AES256CCM8),
    "AESCCM8": alias(enc=Enc.AES128CCM8 | Enc.AES256CCM8),
    "CAMELLIA128": alias(enc=Enc.CAMELLIA128),
    "CAMELLIA256": alias(enc=Enc.CAMELLIA256),
    "CAMELLIA": alias(enc=_CAMELLIA),
    "CHACHA20": alias(enc=Enc.CHACHA20POLY1305),
    "GOST2012-GOST8912-GOST8912": alias(enc=Enc.GOST8912),
    "ARIA": alias(enc=_ARIA),
    "ARIAGCM": alias(enc=_ARIA),
    "ARIA128": alias(enc=Enc.ARIA128GCM),
    "ARIA256": alias(enc=Enc.ARIA256GCM),
    "CBC": alias(enc=CBC),
    "MD5": alias(mac=Mac.MD5),
    **dict.fromkeys(("SHA1", "SHA"), alias(mac=Mac.SHA1)),
    "GOST94": alias(mac=Mac.GOST94),
    "GOST89MAC": alias(mac=Mac.GOST89MAC | Mac.GOST89MAC12),
    "SHA256": alias(mac=Mac.SHA256),
    "SHA384": alias(mac=Mac.SHA384),
    "GOST12": alias(mac=Mac.GOST12_256),
    "SSLv3": Pattern(min_tls=Protocol.SSLV3),
    **dict.fromkeys(("TLSv1", "TLSv1.0"), Pattern(min_tls=Protocol.TLS1)),
    "TLSv1.2": Pattern(min_tls=Protocol.TLS12),
    "LOW": alias(grade=Grade.LOW),
    "MEDIUM": alias(grade=Grade.MEDIUM),
    "HIGH": alias(grade=Grade.HIGH),
    "FIPS": alias(enc=_ALL_ENC & ~Enc.NULL, grade=Grade.FIPS),
    "EDH-DSS-DES-CBC3-SHA": alias(Kx.DHE, Au.DSS, Enc.TDES, Mac.SHA1, Grade.HIGH | Grade.FIPS),
    "EDH-RSA-DES-CBC3-SHA": alias(Kx.DHE, Au.RSA, Enc.TDES, Mac.SHA1, Grade.HIGH | Grade.FIPS),
}


#: What Debian 12's libssl lacks at run time (ssl_load_ciphers): the legacy provider's ciphers and GOST.
#: 3DES is not among them (its suites are compiled out, the algorithm is there, so the alias stays).
MISSING = Pattern(
    kx=int(Kx.GOST | Kx.GOST18),
    au=int(Au.GOST01 | Au.GOST12),
    enc=int(Enc.DES | Enc.RC4 | Enc.RC2 | Enc.IDEA | Enc.SEED | _GOST_ENC),
    mac=int(Mac.GOST94 | Mac.GOST89MAC | Mac.GOST12_256 | Mac.GOST89MAC12 | Mac.GOST12_512),
)


@lru_cache(maxsize=1)
def available_aliases() -> dict[str, Pattern]:
    """The aliases libssl keeps (ssl_cipher_collect_aliases): one whose algorithms of some kind are all
    missing (RC4, IDEA, GOST, ...) is dropped, so its name is unknown rather than empty."""
    gone = (MISSING.kx, MISSING.au, MISSING.enc, MISSING.mac)
    return {
        name: p
        for name, p in ALIASES.items()
        if all(
            not mask or mask & ~missing
            for mask, missing in zip((p.kx, p.au, p.enc, p.mac), gone, strict=True)
        )
    }
