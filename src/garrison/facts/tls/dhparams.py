"""Read the size of finite-field DH parameters from a PEM block, as `openssl dhparam -text` reports it.

Two formats, the ones OpenSSL writes and nginx, Prosody and ejabberd read:
- `DH PARAMETERS` (PKCS#3): DHParameter ::= SEQUENCE { prime INTEGER, base INTEGER,
  privateValueLength INTEGER OPTIONAL };
- `X9.42 DH PARAMETERS` (RFC 3279 DomainParameters, what `openssl dhparam -dsaparam` writes):
  SEQUENCE { p INTEGER, g INTEGER, q INTEGER, j INTEGER OPTIONAL,
  validationParms SEQUENCE { seed BIT STRING, pgenCounter INTEGER } OPTIONAL }.

The DER is decoded with pyasn1: cryptography 50 deprecates finite-field DH as a whole (reading parameters
warns), and all the rules need is the bit length of the prime. `dh_prime_bits(block, kind)` raises
`ValueError` with a fixed message (no input quoted) on anything OpenSSL would not load as DH parameters,
and also on parameters it loads but no handshake can use (an even or negative prime, a generator outside
2..p-1); tests/differential/test_dhparams_openssl.py compares it with `openssl dhparam -text`.
"""

from __future__ import annotations

import base64
import binascii

from pyasn1.codec.der import decoder
from pyasn1.error import PyAsn1Error
from pyasn1.type import namedtype, univ


class _Pkcs3(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("prime", univ.Integer()),
        namedtype.NamedType("base", univ.Integer()),
        namedtype.OptionalNamedType("privateValueLength", univ.Integer()),
    )


class _ValidationParms(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("seed", univ.BitString()),
        namedtype.NamedType("pgenCounter", univ.Integer()),
    )


class _X942(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("p", univ.Integer()),
        namedtype.NamedType("g", univ.Integer()),
        namedtype.NamedType("q", univ.Integer()),
        namedtype.OptionalNamedType("j", univ.Integer()),
        namedtype.OptionalNamedType("validationParms", _ValidationParms()),
    )


def dh_prime_bits(block: bytes, kind: str) -> int:
    """The bit length of the prime in a whole PEM block (`-----BEGIN <kind>-----` ... `-----END ...`)."""
    der = _pem_body(block)
    spec: univ.Sequence = _X942() if kind == "X9.42 DH PARAMETERS" else _Pkcs3()
    try:
        decoded, _rest = decoder.decode(der, asn1Spec=spec)  # bytes after it are ignored, as by OpenSSL
    except PyAsn1Error:
        raise ValueError("not a DH parameter structure") from None
    length = decoded["privateValueLength"] if isinstance(decoded, _Pkcs3) else None
    if length is not None and length.isValue and not -(2**31) <= int(length) < 2**31:  # an int32 in OpenSSL
        raise ValueError("the DH private value length is out of range")
    prime, base = int(decoded[0]), int(decoded[1])
    if prime <= 2 or prime % 2 == 0:
        raise ValueError("the DH prime is not an odd number above 2")
    if not 1 < base < prime:
        raise ValueError("the DH generator is not between 1 and the prime")
    return prime.bit_length()


def _pem_body(block: bytes) -> bytes:
    lines = block.replace(b"\r", b"").split(b"\n")
    body = b"".join(line.strip() for line in lines[1:-1] if b":" not in line)
    if not body:
        raise ValueError("empty PEM block")
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the PEM block is not valid base64") from None
