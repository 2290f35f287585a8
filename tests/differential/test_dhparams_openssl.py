"""Differential: the DH parameter reader gives the prime size `openssl dhparam -text` prints, and refuses what
OpenSSL refuses, for PKCS#3 (`DH PARAMETERS`) and X9.42 (`X9.42 DH PARAMETERS`) blocks.

Real parameters come from `openssl dhparam` and `openssl genpkey`; the odd shapes (optional fields, trailing
bytes, BER lengths, out-of-range fields) are built here in DER. Deliberate differences: OpenSSL prints a
size for an even or negative prime and for a generator outside 2..p-1; Garrison reports such a file as
unreadable, since no handshake can use it.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from garrison.facts.tls.material import parse_material

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl (Debian openssl)")

PKCS3 = "DH PARAMETERS"
X942 = "X9.42 DH PARAMETERS"
DHX_1024 = "dh_paramgen_prime_len:1024"


def der_len(n: int) -> bytes:
    if n < 128:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def integer(n: int) -> bytes:
    raw = n.to_bytes(n.bit_length() // 8 + 1, "big", signed=True)
    return b"\x02" + der_len(len(raw)) + raw


def seq(*parts: bytes) -> bytes:
    body = b"".join(parts)
    return b"\x30" + der_len(len(body)) + body


def pem(kind: str, der: bytes) -> bytes:
    return f"-----BEGIN {kind}-----\n".encode() + base64.encodebytes(der) + f"-----END {kind}-----\n".encode()


#: An X9.42 ValidationParms: seed (a BIT STRING) and pgenCounter.
VALIDATION = b"\x30\x07\x03\x02\x00\xaa\x02\x01\x07"


def openssl_bits(tmp_path: Path, data: bytes) -> int | None:
    path = tmp_path / "dh.pem"
    path.write_bytes(data)
    done = subprocess.run(
        ["openssl", "dhparam", "-in", str(path), "-noout", "-text"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        return None
    found = re.search(r"\((\d+) bit\)", done.stdout)
    assert found, done.stdout[:200]
    return int(found.group(1))


def garrison_bits(data: bytes) -> int | None:
    material, issues = parse_material(data, "/etc/ssl/dh.pem")
    if issues:
        assert material.dh is None
        return None
    assert material.dh is not None
    return material.dh.bits


def openssl_out(*argv: str) -> bytes:
    done = subprocess.run(["openssl", *argv], capture_output=True, check=True, timeout=600)
    return done.stdout


@pytest.fixture(scope="module")
def prime() -> int:
    """A real 512-bit safe prime from `openssl dhparam` (generator 2)."""
    text = subprocess.run(
        ["openssl", "dhparam", "-noout", "-text"],
        input=openssl_out("dhparam", "512"),
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    digits = text.split("P:", 1)[1].split("G:", 1)[0]
    return int(re.sub(r"[^0-9a-f]", "", digits), 16)


GENERATED: dict[str, tuple[str, ...]] = {
    "x942-dsaparam-1024": ("dhparam", "-dsaparam", "1024"),
    "x942-dsaparam-2048": ("dhparam", "-dsaparam", "2048"),
    "x942-genpkey-dhx-1024": ("genpkey", "-genparam", "-algorithm", "DHX", "-pkeyopt", DHX_1024),
    "pkcs3-ffdhe2048": ("genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048"),
    "pkcs3-ffdhe4096": ("genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe4096"),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_parameters_same_size_as_openssl(tmp_path: Path, name: str) -> None:
    data = openssl_out(*GENERATED[name])
    assert data.startswith(b"-----BEGIN " + (X942 if "x942" in name else PKCS3).encode())
    bits = openssl_bits(tmp_path, data)
    assert bits is not None and bits >= 1024
    assert garrison_bits(data) == bits


#: name -> builder of a PEM block from the prime p; both programs must agree on each.
SHAPES: dict[str, Callable[[int], bytes]] = {
    "pkcs3": lambda p: pem(PKCS3, seq(integer(p), integer(2))),
    "pkcs3-private-length": lambda p: pem(PKCS3, seq(integer(p), integer(2), integer(256))),
    "pkcs3-private-length-negative": lambda p: pem(PKCS3, seq(integer(p), integer(2), integer(-1))),
    "pkcs3-private-length-int32-max": lambda p: pem(PKCS3, seq(integer(p), integer(2), integer(2**31 - 1))),
    "pkcs3-private-length-over-int32": lambda p: pem(PKCS3, seq(integer(p), integer(2), integer(2**31))),
    "pkcs3-q-in-place-of-length": lambda p: pem(PKCS3, seq(integer(p), integer(2), integer(p // 2))),
    "pkcs3-four-integers": lambda p: pem(PKCS3, seq(integer(p), integer(2), integer(5), integer(5))),
    "pkcs3-prime-only": lambda p: pem(PKCS3, seq(integer(p))),
    "pkcs3-trailing-bytes": lambda p: pem(PKCS3, seq(integer(p), integer(2)) + b"\x00\x00"),
    "pkcs3-truncated": lambda p: pem(PKCS3, seq(integer(p), integer(2))[:-3]),
    "pkcs3-ber-long-length": lambda p: pem(
        PKCS3, b"\x30\x82" + len(integer(p) + integer(2)).to_bytes(2, "big") + integer(p) + integer(2)
    ),
    "pkcs3-set-tag": lambda p: pem(PKCS3, b"\x31" + seq(integer(p), integer(2))[1:]),
    "pkcs3-generator-p-minus-1": lambda p: pem(PKCS3, seq(integer(p), integer(p - 1))),
    "pkcs3-tiny-prime": lambda p: pem(PKCS3, seq(integer(3), integer(2))),
    "pkcs3-body-under-x942-header": lambda p: pem(X942, seq(integer(p), integer(2))),
    "x942-pgq": lambda p: pem(X942, seq(integer(p), integer(2), integer(p // 2))),
    "x942-pgqj": lambda p: pem(X942, seq(integer(p), integer(2), integer(p // 2), integer(2))),
    "x942-validation-parms": lambda p: pem(X942, seq(integer(p), integer(2), integer(p // 2), VALIDATION)),
    "x942-j-and-validation-parms": lambda p: pem(
        X942, seq(integer(p), integer(2), integer(p // 2), integer(2), VALIDATION)
    ),
    "x942-six-fields": lambda p: pem(
        X942, seq(integer(p), integer(2), integer(p // 2), integer(2), VALIDATION, integer(1))
    ),
    "empty-block": lambda p: f"-----BEGIN {PKCS3}-----\n-----END {PKCS3}-----\n".encode(),
    "not-base64": lambda p: f"-----BEGIN {PKCS3}-----\nMII!!\n-----END {PKCS3}-----\n".encode(),
}

#: Loaded by OpenSSL, refused by Garrison (see the module docstring).
UNUSABLE: dict[str, Callable[[int], bytes]] = {
    "even-prime": lambda p: pem(PKCS3, seq(integer(p + 1), integer(2))),
    "negative-prime": lambda p: pem(PKCS3, seq(integer(-p), integer(2))),
    "generator-0": lambda p: pem(PKCS3, seq(integer(p), integer(0))),
    "generator-1": lambda p: pem(PKCS3, seq(integer(p), integer(1))),
    "generator-p": lambda p: pem(PKCS3, seq(integer(p), integer(p))),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_same_verdict_and_size_as_openssl(tmp_path: Path, prime: int, name: str) -> None:
    data = SHAPES[name](prime)
    assert garrison_bits(data) == openssl_bits(tmp_path, data)


def test_the_shapes_include_accepted_and_refused_ones(tmp_path: Path, prime: int) -> None:
    verdicts = {openssl_bits(tmp_path, build(prime)) is None for build in SHAPES.values()}
    assert verdicts == {True, False}


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_unusable_parameters_are_an_issue_not_a_size(tmp_path: Path, prime: int, name: str) -> None:
    data = UNUSABLE[name](prime)
    assert openssl_bits(tmp_path, data) is not None
    material, issues = parse_material(data, "/etc/ssl/dh.pem")
    assert material.dh is None
    (issue,) = issues
    assert issue.location.line == 1 and issue.message.startswith("unreadable DH PARAMETERS block: the DH ")
