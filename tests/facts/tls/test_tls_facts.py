"""TLS material: the parser's summaries, never-raises properties, gathering, no secrets out."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from pki import cert_pem, key_pem, make_ca, make_cert, new_key, write

from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore, SubjectAbsent
from garrison.facts.tls import TlsFacts
from garrison.facts.tls.material import parse_material
from garrison.model import Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

CA = make_ca()
LEAF = make_cert("example.org", issuer=CA, names=("example.org", "*.example.org"))


def test_chain_and_key_summaries() -> None:
    material, issues = parse_material(cert_pem(LEAF, CA) + key_pem(LEAF), "/x.pem")
    assert not issues
    leaf, root = material.certificates
    assert leaf.dns_names == ("example.org", "*.example.org")
    assert leaf.key_type == "EC" and leaf.curve == "secp384r1" and leaf.signature_hash == "sha256"
    assert not leaf.self_signed and root.self_signed and root.is_ca
    assert leaf.line == 1 and root.line is not None and root.line > 1
    (key,) = material.keys
    assert key.spki_sha256 == leaf.spki_sha256


def test_rsa_der_and_dh() -> None:
    issued = make_cert("rsa.example", key=new_key("rsa", 2048))
    der = issued.cert.public_bytes(serialization.Encoding.DER)
    material, issues = parse_material(der, "/x.der")
    assert not issues and material.certificates[0].key_bits == 2048
    dh = (
        b"-----BEGIN DH PARAMETERS-----\nMIGHAoGBAP//////////yQ/aoiFowjTExmKLgNwc0SkCTgiKZ8x0Agu+pjsTmyJR\n"
        b"Sgh5jjQE3e+VGbPNOkMbMCsKbfJfFDdP4TVtbVHCReSFtXZiXn7G9ExC6aY37WsL\n"
        b"/1y29Aa37e44a/taiZ+lrp8kEXxLH+ZJKGZR7OZTgf//////////AgEC\n-----END DH PARAMETERS-----\n"
    )
    material, issues = parse_material(dh, "/dh.pem")
    assert not issues and material.dh is not None and material.dh.bits == 1024


def test_garbled_block_is_an_issue_with_its_line() -> None:
    data = cert_pem(LEAF) + b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    material, issues = parse_material(data, "/x.pem")
    assert len(material.certificates) == 1
    assert issues and issues[0].location.line is not None and issues[0].location.line > 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_parse_material_never_raises_on_bytes(data: bytes) -> None:
    parse_material(data, "/x.pem")


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["CERTIFICATE", "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DH PARAMETERS"]),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n", max_size=300),
)
def test_parse_material_never_raises_on_pem_shaped_text(kind: str, body: str) -> None:
    data = f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----\n".encode()
    parse_material(data, "/x.pem")


NGINX = """events {}
http {
    server {
        listen 443 ssl;
        server_name example.org;
        ssl_certificate /etc/nginx/ssl/site.pem;
        ssl_certificate_key /etc/nginx/ssl/site.key;
    }
}
"""


def _tree(root: Path) -> RootDirTarget:
    write(root / "etc/nginx/nginx.conf", NGINX.encode())
    write(root / "etc/nginx/ssl/site.pem", cert_pem(LEAF, CA))
    write(root / "etc/nginx/ssl/site.key", key_pem(LEAF), 0o644)
    write(root / "etc/ssl/certs/ca-root.pem", cert_pem(CA))  # the CA store: never scanned
    write(root / "etc/ssl/private/other.key", key_pem(make_cert("other")), 0o600)
    return RootDirTarget(str(root))


def test_gathers_referenced_and_usual_places_not_the_ca_store(tmp_path: Path) -> None:
    tls = FactStore(_tree(tmp_path), default_gatherers()).get(TlsFacts)
    by_path = {f.path: f for f in tls.files}
    assert set(by_path) == {
        "/etc/nginx/ssl/site.pem",
        "/etc/nginx/ssl/site.key",
        "/etc/ssl/private/other.key",
    }
    assert by_path["/etc/nginx/ssl/site.pem"].services == ("nginx",)
    assert by_path["/etc/nginx/ssl/site.pem"].hostnames == ("example.org",)
    assert by_path["/etc/ssl/private/other.key"].refs == ()
    assert by_path["/etc/nginx/ssl/site.key"].mode == 0o644


def test_nothing_to_gather_is_subject_absent(tmp_path: Path) -> None:
    with pytest.raises(SubjectAbsent):
        FactStore(RootDirTarget(str(tmp_path)), default_gatherers()).get(TlsFacts)


def test_no_key_material_in_any_tls_outcome(tmp_path: Path) -> None:
    target = _tree(tmp_path)
    store = FactStore(target, default_gatherers())
    outcomes = [evaluate(r, store) for r in load_rules() if r.domain == "tls"]
    assert any(o.status == Status.FAIL for o in outcomes)  # the world-readable key
    secrets = [key_pem(LEAF).decode().splitlines()[1], "PRIVATE KEY-----"]
    for outcome in outcomes:
        text = outcome.message + " ".join(f"{e.actual} {e.expected}" for e in outcome.evidence)
        for secret in secrets:
            assert secret not in text, outcome.message
