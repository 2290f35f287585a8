"""Parse TLS material (PEM or DER certificates, private keys, DH parameters) into secret-free summaries.

    parse_material(data, path) -> (Material(certificates=(CertInfo, ...), keys=(KeyInfo, ...),
                                            dh=DhInfo | None), tuple[ParseIssue, ...])

Guarantees: pure, never raises; no key material is kept: a private key becomes its type, size, curve and the
SHA-256 of its public key (SPKI), which is all the rules need (sizes, curve, key/certificate match). An
encrypted private key is recorded as `encrypted` with no public half. Uses `cryptography` (imported lazily);
DH parameters are read by `dhparams` (cryptography 50 deprecates finite-field DH).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from garrison.model import Location, ParseIssue

_PEM = re.compile(rb"-----BEGIN ([A-Z0-9 .]+)-----\r?\n.*?-----END \1-----", re.DOTALL)


@dataclass(frozen=True, slots=True)
class CertInfo:
    subject: str
    issuer: str
    serial: str
    not_before: datetime  # timezone-aware UTC
    not_after: datetime
    key_type: str  # "RSA", "EC", "Ed25519", "Ed448", "DSA"
    key_bits: int
    curve: str | None  # "secp256r1", ...
    signature_hash: str | None  # "sha256", "sha1", "md5"; None for Ed25519/Ed448
    dns_names: tuple[str, ...]  # subjectAltName DNS entries (lower-case)
    common_names: tuple[str, ...]
    is_ca: bool
    self_signed: bool  # issuer == subject and the signature verifies with its own key
    spki_sha256: str
    line: int | None = None  # the line its PEM block starts on


@dataclass(frozen=True, slots=True)
class KeyInfo:
    key_type: str
    key_bits: int
    curve: str | None
    spki_sha256: str | None  # None when the key is encrypted
    encrypted: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class DhInfo:
    bits: int
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Material:
    certificates: tuple[CertInfo, ...] = ()
    keys: tuple[KeyInfo, ...] = ()
    dh: DhInfo | None = None

    @property
    def empty(self) -> bool:
        return not (self.certificates or self.keys or self.dh)


def parse_material(data: bytes, path: str) -> tuple[Material, tuple[ParseIssue, ...]]:
    issues: list[ParseIssue] = []
    certs: list[CertInfo] = []
    keys: list[KeyInfo] = []
    dh: DhInfo | None = None
    try:
        blocks = list(_PEM.finditer(data))
        if not blocks:
            return _parse_der(data, path)
        for block in blocks:
            kind = block.group(1).decode("ascii", "replace")
            line = data[: block.start()].count(b"\n") + 1
            try:
                if kind in ("CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"):
                    certs.append(_cert_pem(block.group(0), line))
                elif kind.endswith("PRIVATE KEY"):
                    keys.append(_key_pem(block.group(0), kind, line))
                elif kind in ("DH PARAMETERS", "X9.42 DH PARAMETERS"):
                    dh = _dh_pem(block.group(0), kind, line)
            except Exception as exc:  # cryptography raises ValueError and friends on bad content
                issues.append(ParseIssue(Location(path, line), f"unreadable {kind} block: {_brief(exc)}"))
    except Exception as exc:  # pragma: no cover - defensive: the parser must never raise
        issues.append(ParseIssue(Location(path), f"cannot parse: {_brief(exc)}"))
    return Material(tuple(certs), tuple(keys), dh), tuple(issues)


def _brief(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def _parse_der(data: bytes, path: str) -> tuple[Material, tuple[ParseIssue, ...]]:
    from cryptography import x509

    try:
        return Material(certificates=(_cert_info(x509.load_der_x509_certificate(data), None),)), ()
    except Exception:
        pass
    try:
        from cryptography.hazmat.primitives.serialization import load_der_private_key

        key = load_der_private_key(data, password=None, unsafe_skip_rsa_key_validation=True)
        return Material(keys=(_key_info(key, None),)), ()
    except Exception:
        pass
    return Material(), (ParseIssue(Location(path), "no PEM block and not DER: not a certificate or key"),)


def _cert_pem(block: bytes, line: int) -> CertInfo:
    from cryptography import x509

    return _cert_info(x509.load_pem_x509_certificate(block), line)


def _cert_info(cert: object, line: int | None) -> CertInfo:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID

    assert isinstance(cert, x509.Certificate)
    public = cert.public_key()
    key_type, bits, curve = _public_summary(public)
    spki = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns = tuple(str(n).lower() for n in san.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        dns = ()
    try:
        is_ca = bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        is_ca = False
    cns = tuple(str(a.value).lower() for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME))
    algorithm = cert.signature_hash_algorithm
    return CertInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        key_type=key_type,
        key_bits=bits,
        curve=curve,
        signature_hash=None if algorithm is None else algorithm.name,
        dns_names=dns,
        common_names=cns,
        is_ca=is_ca,
        self_signed=cert.issuer == cert.subject and _verifies_itself(cert),
        spki_sha256=hashlib.sha256(spki).hexdigest(),
        line=line,
    )


def _verifies_itself(cert: object) -> bool:
    try:
        cert.verify_directly_issued_by(cert)  # type: ignore[attr-defined]
        return True
    except Exception:
        return False


def _public_summary(public: object) -> tuple[str, int, str | None]:
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

    if isinstance(public, rsa.RSAPublicKey):
        return "RSA", public.key_size, None
    if isinstance(public, ec.EllipticCurvePublicKey):
        return "EC", public.curve.key_size, public.curve.name
    if isinstance(public, ed25519.Ed25519PublicKey):
        return "Ed25519", 256, "ed25519"
    if isinstance(public, ed448.Ed448PublicKey):
        return "Ed448", 456, "ed448"
    if isinstance(public, dsa.DSAPublicKey):
        return "DSA", public.key_size, None
    return type(public).__name__, 0, None


def _key_pem(block: bytes, kind: str, line: int) -> KeyInfo:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    if kind == "ENCRYPTED PRIVATE KEY" or b"Proc-Type: 4,ENCRYPTED" in block:
        return KeyInfo("encrypted", 0, None, None, encrypted=True, line=line)
    # Only the key's type and size are read: OpenSSL's RSA consistency check (tens of ms a key) is skipped.
    return _key_info(load_pem_private_key(block, password=None, unsafe_skip_rsa_key_validation=True), line)


def _key_info(key: object, line: int | None) -> KeyInfo:
    from cryptography.hazmat.primitives import serialization

    public = key.public_key()  # type: ignore[attr-defined]
    key_type, bits, curve = _public_summary(public)
    spki = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return KeyInfo(key_type, bits, curve, hashlib.sha256(spki).hexdigest(), line=line)


def _dh_pem(block: bytes, kind: str, line: int) -> DhInfo:
    from garrison.facts.tls.dhparams import dh_prime_bits

    return DhInfo(dh_prime_bits(block, kind), line)
