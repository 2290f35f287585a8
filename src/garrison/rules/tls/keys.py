"""Keys and DH parameters: sizes, curves, file permissions, and whether each key fits its certificate."""

from __future__ import annotations

from collections import defaultdict

from garrison.data.tls import DH_MIN_BITS, DH_PREFERRED_BITS, RSA_MIN_BITS, RSA_PREFERRED_BITS, curve_verdict
from garrison.facts.tls import TlsFacts, TlsFile
from garrison.facts.tlsrefs import TlsFileRole
from garrison.model import Evidence, Location, Outcome, Severity, failed, not_applicable, passed
from garrison.rules.expect import file_mode
from garrison.rules.registry import rule
from garrison.rules.tls.common import (
    Check,
    Problem,
    Subject,
    judge_files,
    pem,
    referenced_at,
    referenced_broken,
    server_cert_files,
)
from garrison.rules.wording import agree, mode, plural

_NONE = "no certificate or private key is referenced or in a usual place"
_REF = ("guide:002 step 4",)


def _judge_keyed(tls: TlsFacts, check: Check, subject: Subject, ok_message: str) -> Outcome:
    """`judge_files` over the files holding keys or server certificates; an unreadable referenced
    certificate or key file makes it an error."""
    certs = set(server_cert_files(tls))
    keyed = [f for f in tls.files if f.material.keys or f in certs]
    broken = referenced_broken(tls, TlsFileRole.CERTIFICATE, TlsFileRole.PRIVATE_KEY)
    return judge_files(keyed, check, subject, ok_message, _NONE, broken)


def _fewer_bits(one: str, many: str, floor: int) -> Subject:
    return (f"{one} has fewer than {floor} bits", f"{many} have fewer than {floor} bits")


def _sizes(item: TlsFile) -> list[tuple[str, int, int | None]]:
    """(what, RSA bits, line) for the file's RSA keys and its leaf certificate's RSA key."""
    found = [("private key", k.key_bits, k.line) for k in item.material.keys if k.key_type == "RSA"]
    leaf = item.leaf
    if leaf is not None and leaf.key_type == "RSA":
        found.append(("certificate key", leaf.key_bits, leaf.line))
    return found


def _rsa_rule(tls: TlsFacts, floor: int) -> Outcome:
    def check(item: TlsFile) -> Problem | None:
        for what, bits, line in _sizes(item):
            if bits < floor:
                key = "certificate" if what == "certificate key" else what
                return Problem(
                    f"{what} is RSA {bits} bits", pem(item.path, line, f"RSA {bits}", f">= {floor}", key)
                )
        return None

    return _judge_keyed(
        tls, check, _fewer_bits("RSA key", "RSA keys", floor), f"RSA keys have {floor} bits or more"
    )


@rule(
    id="tls.rsa-key-size",
    title="RSA keys have at least 2048 bits",
    problem="An RSA key has fewer than 2048 bits",
    severity=Severity.HIGH,
    rationale="RSA keys under 2048 bits are within reach of factoring; CAs and clients refuse them.",
    remediation="openssl genrsa -out server.key 4096   (or an EC P-384 key: --keylength ec-384)",
    references=(*_REF, "guide:000 certificate security"),
)
def rsa_key_size(tls: TlsFacts) -> Outcome:
    return _rsa_rule(tls, RSA_MIN_BITS)


@rule(
    id="tls.rsa-key-size-preferred",
    title="RSA keys have 4096 bits",
    problem="An RSA key has fewer than 4096 bits",
    severity=Severity.LOW,
    rationale="2048 bits is the floor; the guides prefer 4096-bit RSA (or an EC P-384 key) for new keys.",
    remediation="acme.sh --issue -d <name> --keylength 4096   (or ec-384)",
    references=_REF,
)
def rsa_key_size_preferred(tls: TlsFacts) -> Outcome:
    return _rsa_rule(tls, RSA_PREFERRED_BITS)


@rule(
    id="tls.ec-curve",
    title="EC keys use P-256 or P-384",
    problem="An EC key uses a curve other than P-256 or P-384",
    severity=Severity.MEDIUM,
    rationale="""Browsers and XMPP clients accept ECDSA certificates on P-256 and P-384 only; smaller
    curves are weak and others (P-521, brainpool) fail on many clients.""",
    remediation="acme.sh --issue -d <name> --keylength ec-384",
    references=_REF,
)
def ec_curve(tls: TlsFacts) -> Outcome:
    def check(item: TlsFile) -> Problem | None:
        curves = [(k.curve, k.line, "private key") for k in item.material.keys if k.key_type == "EC"]
        leaf = item.leaf
        if leaf is not None and leaf.key_type == "EC":
            curves.append((leaf.curve, leaf.line, "certificate"))
        for curve, line, block in curves:
            if curve_verdict(curve or "").fails:
                found = pem(item.path, line, curve, "secp384r1 or secp256r1", block)
                return Problem(f"EC key on {curve}", found)
        return None

    subject = ("EC key is on an unsuitable curve", "EC keys are on unsuitable curves")
    return _judge_keyed(tls, check, subject, "EC curves are P-256 or P-384")


#: Service -> the users that may own its private keys besides root (the service reads them as that user).
SERVICE_USERS = {
    "nginx": (),
    "prosody": ("prosody",),
    "ejabberd": ("ejabberd",),
    "postgresql": ("postgres",),
    "sip": ("siprec", "kamailio", "asterisk"),
}
_ANY_SERVICE_USER = tuple(sorted({u for users in SERVICE_USERS.values() for u in users}))


@rule(
    id="tls.key-permissions",
    title="Private key files are readable only by root or their service",
    problem="A private key file is open to other users or has the wrong owner",
    severity=Severity.HIGH,
    rationale="""Anyone who can read a private key can impersonate the service and, for static-RSA or ticket
    keys, decrypt recorded traffic. Mode 0600 (or 0640 for a dedicated group such as ssl-cert), owned by root
    or the service's own user.""",
    remediation="chown root:root <key>; chmod 0600 <key>   (0640 root:ssl-cert for a reading group)",
    references=("guide:003 agent hardening",),
)
def key_permissions(tls: TlsFacts) -> Outcome:
    def check(item: TlsFile) -> Problem | None:
        if item.mode is None:
            return None
        allowed = {"root"}
        services = item.services
        for service in services:
            allowed.update(SERVICE_USERS.get(service, ()))
        if not services:
            allowed.update(_ANY_SERVICE_USER)
        owner = ":".join(name for name in (item.owner, item.group) if name is not None)
        shown = f"{mode(item.mode)} {owner}".strip()
        if item.mode & 0o137:
            return Problem(f"mode {mode(item.mode)}", file_mode(item.path, shown, "0600 or 0640"))
        if item.owner not in allowed and item.owner != "0":
            who = " or ".join(sorted(allowed))
            return Problem(f"owned by {item.owner}", file_mode(item.path, shown, f"owner {who}", key="owner"))
        return None

    files = [f for f in tls.files if f.material.keys or (f.referenced_as(TlsFileRole.PRIVATE_KEY) and f.mode)]
    subject = ("private key is open to others", "private keys are open to others")
    return judge_files(files, check, subject, "private keys guarded", _NONE)


@rule(
    id="tls.key-matches-certificate",
    title="Each configured private key belongs to the certificate configured with it",
    problem="A configured private key does not belong to its certificate",
    severity=Severity.HIGH,
    rationale="""A key that does not match its certificate makes the service fail its TLS handshakes (nginx
    refuses to start); it usually means a renewal replaced one file but not the other.""",
    remediation="point ssl_certificate and ssl_certificate_key at one issuance (fullchain.pem + privkey.pem)",
)
def key_matches_certificate(tls: TlsFacts) -> Outcome:
    by_path = {f.path: f for f in tls.files}
    groups: dict[tuple[str, str, tuple[str, ...]], list[tuple[TlsFileRole, TlsFile, Location | None]]]
    groups = defaultdict(list)
    for item in tls.files:
        for ref in item.refs:
            if ref.role in (TlsFileRole.CERTIFICATE, TlsFileRole.PRIVATE_KEY):
                conf = ref.location.path if ref.location else ""
                groups[(ref.service, conf, ref.hostnames)].append((ref.role, by_path[ref.path], ref.location))
    for item in tls.files:  # a combined PEM with both halves pairs with itself
        if item.material.keys and item.material.certificates:
            groups[("file", item.path, ())] += [
                (TlsFileRole.CERTIFICATE, item, None),
                (TlsFileRole.PRIVATE_KEY, item, None),
            ]
    problems: list[Evidence] = []
    notes: list[str] = []
    judged = 0
    for members in groups.values():
        cert_spki = {c.leaf.spki_sha256 for r, c, _ in members if r == TlsFileRole.CERTIFICATE and c.leaf}
        for role, item, where in members:
            if role != TlsFileRole.PRIVATE_KEY or not cert_spki:
                continue
            for key in item.material.keys:
                if key.spki_sha256 is None:
                    continue  # encrypted: cannot compare
                judged += 1
                if key.spki_sha256 not in cert_spki:
                    notes.append(f"{item.path} does not match the certificate configured with it")
                    found = (
                        referenced_at(where, "mismatch", "matching key")
                        if where is not None
                        else pem(item.path, key.line, "mismatch", "matching key", "private key")
                    )
                    problems.append(found)
    if problems:
        count = len(problems)
        match = agree(count, "does not match its certificate", "do not match their certificates")
        return failed(f"{plural(count, 'key')} {match}: {'; '.join(notes[:5])}", *problems)
    if not judged:
        return not_applicable("no configured certificate/key pair to compare")
    return passed(
        f"{plural(judged, 'key')} {agree(judged, 'matches its certificate', 'match their certificates')}"
    )


def _dh_rule(tls: TlsFacts, floor: int) -> Outcome:
    def check(item: TlsFile) -> Problem | None:
        dh = item.material.dh
        if dh is not None and dh.bits < floor:
            return Problem(
                f"DH group of {dh.bits} bits",
                pem(item.path, dh.line, dh.bits, f">= {floor}", "dh parameters"),
            )
        return None

    files = [f for f in tls.files if f.material.dh is not None]
    broken = referenced_broken(tls, TlsFileRole.DH_PARAMS)
    return judge_files(
        files,
        check,
        _fewer_bits("DH group", "DH groups", floor),
        f"DH groups have {floor} bits or more",
        "no DH parameter file is referenced or in a usual place",
        broken,
    )


@rule(
    id="tls.dh-params-size",
    title="DH parameters have at least 2048 bits",
    problem="DH parameters have fewer than 2048 bits",
    severity=Severity.HIGH,
    rationale="DH groups under 2048 bits are open to precomputation attacks (Logjam).",
    remediation="openssl dhparam -out /etc/ssl/certs/dhparam.pem 4096",
    references=(*_REF, "guide:003 ssl/tls configuration"),
)
def dh_params_size(tls: TlsFacts) -> Outcome:
    return _dh_rule(tls, DH_MIN_BITS)


@rule(
    id="tls.dh-params-size-preferred",
    title="DH parameters have 4096 bits",
    problem="DH parameters have fewer than 4096 bits",
    severity=Severity.LOW,
    rationale="The guides generate 4096-bit DH parameters once and reuse them across nginx and ejabberd.",
    remediation="openssl dhparam -out /etc/ssl/certs/dhparam.pem 4096",
    references=(*_REF, "guide:003 ssl/tls configuration"),
)
def dh_params_size_preferred(tls: TlsFacts) -> Outcome:
    return _dh_rule(tls, DH_PREFERRED_BITS)
