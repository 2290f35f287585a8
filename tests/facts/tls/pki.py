"""Make test certificates, keys and DH parameters with `cryptography` (test-only helper, no I/O but writes).

ca = make_ca("Test Root")                     # self-signed root
inter = make_cert("Test R3", issuer=ca, ca=True)
leaf = make_cert("example.org", issuer=inter, names=("example.org", "www.example.org"))
write_pem(path, leaf, inter)                  # a fullchain
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
FAR_AWAY = datetime(2099, 12, 31, tzinfo=UTC)


@dataclass(frozen=True)
class Issued:
    cert: x509.Certificate
    key: Any


def new_key(kind: str = "rsa", size: int = 2048, curve: ec.EllipticCurve | None = None) -> Any:
    if kind == "ec":
        return ec.generate_private_key(curve or ec.SECP384R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=size)


def make_cert(
    cn: str,
    *,
    issuer: Issued | None = None,
    key: Any = None,
    names: tuple[str, ...] = (),
    ca: bool = False,
    not_before: datetime = LONG_AGO,
    not_after: datetime = FAR_AWAY,
    digest: hashes.HashAlgorithm | None = None,
) -> Issued:
    key = key if key is not None else new_key("ec")
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), False)
    signer = issuer.key if issuer else key
    return Issued(builder.sign(signer, digest or hashes.SHA256()), key)


def make_ca(cn: str = "Garrison Test Root") -> Issued:
    return make_cert(cn, ca=True)


def cert_pem(*certs: Issued) -> bytes:
    return b"".join(c.cert.public_bytes(serialization.Encoding.PEM) for c in certs)


def key_pem(issued: Issued) -> bytes:
    return issued.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def write(path: Path, data: bytes, mode: int | None = None) -> Path:
    """Write atomically: parallel test runs may read the time-relative case files while they change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    scratch.write_bytes(data)
    if mode is not None:
        scratch.chmod(mode)
    os.replace(scratch, path)
    return path


def dh_pem(bits: int) -> bytes:
    """DH parameters in PEM (PKCS#3); DSA-style generation keeps 2048/4096 bits fast."""
    done = subprocess.run(
        ["openssl", "dhparam", "-dsaparam", "-outform", "PEM", str(bits)],
        capture_output=True,
        check=True,
        timeout=600,
    )
    return done.stdout


def now_plus(days: float) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


def sign_sha1(leaf_key: Any, cn: str, names: tuple[str, ...], issuer: Issued) -> Issued:
    """A certificate signed with SHA-1 (cryptography refuses to make one, the openssl CLI still does)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        write(base / "ca.pem", cert_pem(issuer))
        write(base / "ca.key", key_pem(issuer))
        write(base / "leaf.key", key_pem(Issued(issuer.cert, leaf_key)))
        write(base / "ext", ("subjectAltName=" + ",".join(f"DNS:{n}" for n in names) + "\n").encode())
        run = ["openssl", "req", "-new", "-key", str(base / "leaf.key"), "-subj", f"/CN={cn}"]
        csr = subprocess.run(run, capture_output=True, check=True, timeout=60).stdout
        write(base / "leaf.csr", csr)
        args = ["openssl", "x509", "-req", "-in", str(base / "leaf.csr"), "-CA", str(base / "ca.pem")]
        args += ["-CAkey", str(base / "ca.key"), "-sha1", "-days", "3650", "-extfile", str(base / "ext")]
        pem = subprocess.run(args, capture_output=True, check=True, timeout=60).stdout
    return Issued(x509.load_pem_x509_certificate(pem), leaf_key)
