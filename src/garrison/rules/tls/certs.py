"""What the served certificates say: signatures, issuer, names, chain, and whether they can be read at all."""

from __future__ import annotations

from garrison.data.tls import signature_verdict
from garrison.facts.tls import CertInfo, TlsFacts, TlsFile
from garrison.facts.tlsrefs import TlsFileRole
from garrison.model import Outcome, Severity, errored, failed, not_applicable, passed
from garrison.rules.expect import unusable
from garrison.rules.registry import rule
from garrison.rules.tls.common import (
    Problem,
    cert_cite,
    judge_leaves,
    ref_cite,
    referenced_at,
    server_cert_files,
)
from garrison.rules.wording import agree, plural

_NONE_REF = "no service references a certificate"


@rule(
    id="tls.weak-signature",
    title="Certificates are not signed with SHA-1 or MD5",
    problem="A certificate is signed with SHA-1 or MD5",
    severity=Severity.HIGH,
    rationale="""SHA-1 and MD5 signatures can be forged by collision (SHAttered, the 2008 rogue CA); clients
    reject them.""",
    remediation="reissue the certificate with a SHA-256 signature (every current CA does)",
    references=("guide:000 certificate security",),
)
def weak_signature(tls: TlsFacts) -> Outcome:
    def check(item: TlsFile, _leaf: CertInfo) -> Problem | None:
        for index, cert in enumerate(item.material.certificates):
            if index > 0 and cert.self_signed:
                continue  # a root's self-signature is never checked by clients
            if signature_verdict(cert.signature_hash).fails:
                return Problem(
                    f"{cert.subject} signed with {cert.signature_hash}",
                    cert_cite(item, cert, cert.signature_hash, "sha256"),
                )
        return None

    subject = ("certificate has a weak signature", "certificates have weak signatures")
    return judge_leaves(tls, check, subject, "signed with SHA-2")


def _served(tls: TlsFacts) -> tuple[TlsFile, ...]:
    return tuple(f for f in server_cert_files(tls) if f.referenced_as(TlsFileRole.CERTIFICATE))


@rule(
    id="tls.self-signed-in-production",
    title="Services do not serve a self-signed certificate",
    problem="A service serves a self-signed certificate",
    severity=Severity.MEDIUM,
    rationale="""Clients cannot verify a self-signed certificate, so users learn to accept warnings and an
    interceptor's certificate looks the same. Debian's ssl-cert 'snakeoil' certificate is a placeholder.""",
    remediation="issue a CA-signed certificate (certbot --nginx -d <name>, acme.sh --issue) and reference it",
    references=("guide:002 step 4",),
)
def self_signed_in_production(tls: TlsFacts) -> Outcome:
    def check(item: TlsFile, leaf: CertInfo) -> Problem | None:
        if not leaf.self_signed:
            return None
        snakeoil = " (Debian's ssl-cert snakeoil placeholder)" if "snakeoil" in item.path else ""
        return Problem(f"self-signed {leaf.subject}{snakeoil}", ref_cite(item, "self-signed", "CA-signed"))

    subject = ("served certificate is self-signed", "served certificates are self-signed")
    return judge_leaves(tls, check, subject, "CA-signed", files=_served(tls), none_message=_NONE_REF)


def name_matches(name: str, cert: CertInfo) -> bool:
    """RFC 6125: SAN DNS names when present (else the CN); `*` covers exactly one left-most label."""
    name = name.lower().rstrip(".")
    for pattern in cert.dns_names or cert.common_names:
        pattern = pattern.rstrip(".")
        if pattern == name:
            return True
        if pattern.startswith("*.") and "." in name:
            head, _, rest = name.partition(".")
            if head and rest == pattern[2:]:
                return True
    return False


@rule(
    id="tls.hostname-coverage",
    title="Certificates cover the host names their services answer to",
    problem="A certificate does not cover a host name its service answers to",
    severity=Severity.HIGH,
    rationale="""A name the service answers to (server_name, VirtualHost) that the certificate does not list
    makes every client on that name fail verification.""",
    remediation="reissue the certificate with every served name: certbot -d a.example.org -d b.example.org",
    references=("guide:002 step 4",),
)
def hostname_coverage(tls: TlsFacts) -> Outcome:
    def check(item: TlsFile, leaf: CertInfo) -> Problem | None:
        missing = [h for h in item.hostnames if not h.startswith("~") and not name_matches(h, leaf)]
        if missing:
            listed = ", ".join(leaf.dns_names or leaf.common_names) or "no names"
            ref = next((r for r in item.refs if r.location and set(missing) & set(r.hostnames)), None)
            if ref is not None and ref.location is not None:
                where = referenced_at(ref.location, listed, ", ".join(missing))
                return Problem(f"{', '.join(missing)} not in the certificate ({listed})", where)
            return Problem(
                f"{', '.join(missing)} not in the certificate ({listed})",
                ref_cite(item, listed, ", ".join(missing)),
            )
        return None

    files = [f for f in _served(tls) if f.hostnames]
    subject = ("certificate misses a served name", "certificates miss served names")
    return judge_leaves(tls, check, subject, "served names covered", files=files, none_message=_NONE_REF)


_CHAIN_SERVICES = ("nginx", "prosody", "ejabberd")


@rule(
    id="tls.chain-complete",
    title="Served certificate files include the intermediate certificates",
    problem="A served certificate file lacks its intermediate certificates",
    severity=Severity.MEDIUM,
    rationale="""nginx, Prosody and ejabberd send exactly the certificates in the configured file. A leaf
    without its intermediates fails on clients that do not fetch them (most non-browser clients, s2s).""",
    remediation="ssl_certificate /etc/letsencrypt/live/<name>/fullchain.pem;   # not cert.pem",
    references=("guide:002 step 4",),
)
def chain_complete(tls: TlsFacts) -> Outcome:
    def check(item: TlsFile, leaf: CertInfo) -> Problem | None:
        if leaf.self_signed:
            return None
        others = [
            c for f in tls.files if set(f.services) & set(item.services) for c in f.material.certificates
        ]
        if any(c.subject == leaf.issuer for c in others):
            return None
        return Problem(
            f"no certificate for its issuer {leaf.issuer}", ref_cite(item, "leaf only", "fullchain")
        )

    files = [f for f in _served(tls) if set(f.services) & set(_CHAIN_SERVICES)]
    subject = ("certificate file lacks its intermediates", "certificate files lack their intermediates")
    return judge_leaves(tls, check, subject, "chains complete", files=files, none_message=_NONE_REF)


@rule(
    id="tls.certificate-readable",
    title="Every referenced certificate, key and DH file exists and parses",
    problem="A referenced certificate, key or DH file is missing or unreadable",
    severity=Severity.HIGH,
    rationale="""A service pointed at a missing or unreadable TLS file fails to start or to reload, and a
    file Garrison cannot parse cannot be checked for expiry, key size or signature.""",
    remediation="fix the path in the service's config or restore the file (PEM, as the service expects)",
)
def certificate_readable(tls: TlsFacts) -> Outcome:
    missing = [f for f in tls.files if f.refs and f.mode is None]
    if missing:
        notes = "; ".join(f.describe() for f in missing[:5])
        return failed(
            f"{plural(len(missing), 'referenced TLS file')} missing: {notes}",
            *(ref_cite(f, f"{f.path}: missing") for f in missing),
        )
    bad = [f for f in tls.files if f.problem and f.mode is not None and (f.refs or not f.material.empty)]
    bad += [f for f in tls.files if f.problem and not f.refs and "block" in f.problem and f not in bad]
    if bad:
        notes = "; ".join(f"{f.path}: {f.problem}" for f in bad[:5])
        return errored(
            f"{plural(len(bad), 'TLS file')} cannot be parsed: {notes}",
            *(unusable(f.where()) for f in bad),
        )
    if not any(f.refs for f in tls.files):
        return not_applicable(_NONE_REF)
    count = sum(1 for f in tls.files if f.refs)
    return passed(f"{plural(count, 'referenced TLS file')} {agree(count, 'parses', 'parse')}")
