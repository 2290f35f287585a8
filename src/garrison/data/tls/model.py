"""The vocabulary of TLS cipher suites: the attribute bits OpenSSL's cipher-string language selects on
(ssl/ssl_local.h `SSL_k*`, `SSL_a*`, enc, mac and strength bits) and the `CipherSuite` record."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag

from garrison.data.tls.protocols import Protocol


class Kx(IntFlag):
    """Key exchange (`SSL_k*`)."""

    RSA = 1
    DHE = 2
    ECDHE = 4
    PSK = 8
    RSAPSK = 16
    ECDHEPSK = 32
    DHEPSK = 64
    SRP = 128
    GOST = 256
    GOST18 = 512


class Au(IntFlag):
    """Server authentication (`SSL_a*`); NULL is anonymous."""

    RSA = 1
    DSS = 2
    NULL = 4
    ECDSA = 8
    PSK = 16
    GOST01 = 32
    GOST12 = 64
    SRP = 128


class Enc(IntFlag):
    """Bulk encryption (`SSL_*`); NULL is no encryption (eNULL)."""

    DES = 1
    TDES = 2
    RC4 = 4
    RC2 = 8
    IDEA = 16
    NULL = 32
    AES128 = 64
    AES256 = 128
    CAMELLIA128 = 256
    CAMELLIA256 = 512
    GOST89 = 1024
    SEED = 2048
    AES128GCM = 4096
    AES256GCM = 8192
    AES128CCM = 16384
    AES256CCM = 32768
    AES128CCM8 = 65536
    AES256CCM8 = 131072
    GOST8912 = 262144
    CHACHA20POLY1305 = 524288
    ARIA128GCM = 1048576
    ARIA256GCM = 2097152
    MAGMA = 4194304
    KUZNYECHIK = 8388608


class Mac(IntFlag):
    MD5 = 1
    SHA1 = 2
    GOST94 = 4
    GOST89MAC = 8
    SHA256 = 16
    SHA384 = 32
    AEAD = 64
    GOST12_256 = 128
    GOST89MAC12 = 256
    GOST12_512 = 512


class Grade(IntFlag):
    """`algo_strength`: one strength class, FIPS approval, and NOT_DEFAULT (outside DEFAULT)."""

    NONE = 1
    LOW = 2
    MEDIUM = 4
    HIGH = 8
    FIPS = 16
    NOT_DEFAULT = 32


#: Grade bits compared as a strength class, and as the default mark (`SSL_STRONG_MASK`, `SSL_DEFAULT_MASK`).
STRONG_MASK = int(Grade.NONE | Grade.LOW | Grade.MEDIUM | Grade.HIGH | Grade.FIPS)
DEFAULT_MASK = int(Grade.NOT_DEFAULT)

AES = Enc.AES128 | Enc.AES256 | Enc.AES128GCM | Enc.AES256GCM
AES |= Enc.AES128CCM | Enc.AES256CCM | Enc.AES128CCM8 | Enc.AES256CCM8
AESGCM = Enc.AES128GCM | Enc.AES256GCM
CBC = Enc.DES | Enc.TDES | Enc.RC2 | Enc.IDEA | Enc.AES128 | Enc.AES256
CBC |= Enc.CAMELLIA128 | Enc.CAMELLIA256 | Enc.SEED
_BITS = {Enc.NULL: 0, Enc.AES128: 128, Enc.AES128GCM: 128, Enc.AES128CCM: 128, Enc.AES128CCM8: 128}
_BITS |= {Enc.CAMELLIA128: 128, Enc.ARIA128GCM: 128}


@dataclass(frozen=True, slots=True)
class CipherSuite:
    id: int  # the IANA code point, 0xC02C
    name: str  # OpenSSL's name, ECDHE-ECDSA-AES256-GCM-SHA384
    min_tls: Protocol
    kx: Kx
    au: Au
    enc: Enc
    mac: Mac
    grade: Grade

    @property
    def bits(self) -> int:
        """Strength bits of the bulk cipher (the order `@STRENGTH` sorts by)."""
        return _BITS.get(self.enc, 256)

    @property
    def aead(self) -> bool:
        return self.mac == Mac.AEAD

    @property
    def cbc(self) -> bool:
        return bool(self.enc & CBC)

    @property
    def forward_secret(self) -> bool:
        return bool(self.kx & (Kx.DHE | Kx.ECDHE | Kx.DHEPSK | Kx.ECDHEPSK))

    @property
    def needs_callbacks(self) -> bool:
        """PSK and SRP suites need callbacks no audited server installs: they are never negotiated."""
        return bool(self.kx & (Kx.PSK | Kx.RSAPSK | Kx.ECDHEPSK | Kx.DHEPSK | Kx.SRP))
