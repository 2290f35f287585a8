"""Shared helpers for the TLS material rules: which files hold server certificates, and verdict folding."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from garrison.facts.tls import CertInfo, TlsFacts, TlsFile
from garrison.facts.tlsrefs import TlsFileRole
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    SettingRef,
    Status,
    errored,
    evidence,
    failed,
    not_applicable,
    passed,
)
from garrison.rules.expect import fold, unusable
from garrison.rules.wording import agree, plural

#: A count's subject as (singular, plural): ("certificate has expired", "certificates have expired").
Subject = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Problem:
    note: str
    cite: Evidence


Check = Callable[[TlsFile], Problem | None]
#: A check of a certificate file by its leaf (server) certificate.
LeafCheck = Callable[[TlsFile, CertInfo], Problem | None]

#: The not-applicable message of rules on the server certificates.
NO_SERVER_CERT = "no server certificate is referenced or in a usual place"


def server_cert_files(tls: TlsFacts) -> tuple[TlsFile, ...]:
    """Files holding a server's own certificate: referenced as one, or found in a usual place and not an
    intermediate CA certificate (Let's Encrypt's chain.pem)."""
    found = []
    for item in tls.files:
        leaf = item.leaf
        if leaf is None or item.referenced_as(TlsFileRole.CA_BUNDLE):
            continue
        if item.referenced_as(TlsFileRole.CERTIFICATE) or (
            not item.refs and not (leaf.is_ca and not leaf.self_signed)
        ):
            found.append(item)
    return tuple(found)


def pem(path: str, line: int | None, actual: object, expected: object | None, key: str) -> Evidence:
    """Evidence in a PEM file (role SETTING): the block (`certificate`, `private key`, `dh parameters`) at
    its line that decides."""
    ref = SettingRef(Dialect.PEM, path, key)
    return evidence(path, line, actual, expected, role=EvidenceRole.SETTING, setting=ref)


def cert_cite(item: TlsFile, cert: CertInfo, actual: object, expected: object | None = None) -> Evidence:
    return pem(item.path, cert.line, actual, expected, "certificate")


def utc(moment: datetime) -> str:
    """A certificate date as messages show it."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def referenced_at(where: Location, actual: object, expected: object | None = None) -> Evidence:
    """The config line that references a TLS file (role CONTEXT: it says which service uses the file)."""
    return Evidence(where, None if actual is None else str(actual), _s(expected), EvidenceRole.CONTEXT)


def ref_cite(item: TlsFile, actual: object, expected: object | None = None) -> Evidence:
    """Cite the config line that references the file when there is one (role CONTEXT), else the file as a
    whole (role FILE)."""
    for ref in item.refs:
        if ref.location is not None:
            return referenced_at(ref.location, actual, expected)
    shown = None if actual is None else str(actual)
    return Evidence(Location(item.path), shown, _s(expected), EvidenceRole.FILE)


def _s(value: object | None) -> str | None:
    return None if value is None else str(value)


def _judged(item: TlsFile, check: Check) -> Outcome:
    problem = check(item)
    return passed("") if problem is None else failed(problem.note, problem.cite)


def judge_files(
    files: Iterable[TlsFile],
    check: Check,
    subject: Subject,
    ok_message: str,
    none_message: str,
    broken: Iterable[TlsFile] = (),
) -> Outcome:
    """Fail on any problem; else error if a file the rule needs is broken; else pass (n/a without files).
    Folded over the files (each file's description is its subject)."""
    checked = list(files)
    bad = [f for f in broken if f.problem and f.refs]
    judged = [(item.describe(), _judged(item, check)) for item in checked]
    judged += [(f.path, errored(f.problem or "unusable", unusable(f.where()))) for f in bad]
    if not judged:
        return not_applicable(none_message)
    outcome = fold(judged, passed_message=f"{ok_message} ({plural(len(checked), 'file')})")
    if outcome.status is Status.FAIL:
        count = sum(1 for _, o in judged if o.status is Status.FAIL)
        return replace(outcome, message=f"{count} {agree(count, *subject)}: {outcome.message}")
    if outcome.status is Status.ERROR:
        notes = "; ".join(f"{f.path}: {f.problem}" for f in bad[:5])
        return replace(outcome, message=f"cannot judge {notes}")
    return outcome


def referenced_broken(tls: TlsFacts, *roles: TlsFileRole) -> tuple[TlsFile, ...]:
    """Referenced files in one of `roles` that exist but could not be read or parsed."""
    return tuple(
        f for f in tls.files if f.problem and f.mode is not None and any(f.referenced_as(r) for r in roles)
    )


def judge_leaves(
    tls: TlsFacts,
    check: LeafCheck,
    subject: Subject,
    ok_message: str,
    *,
    files: Iterable[TlsFile] | None = None,
    none_message: str = NO_SERVER_CERT,
) -> Outcome:
    """`judge_files` over certificate files (`files`, by default every server certificate file), each
    checked with its leaf certificate; a referenced certificate file that cannot be read makes it an error."""

    def by_leaf(item: TlsFile) -> Problem | None:
        leaf = item.leaf
        assert leaf is not None
        return check(item, leaf)

    chosen = server_cert_files(tls) if files is None else files
    broken = referenced_broken(tls, TlsFileRole.CERTIFICATE)
    return judge_files(chosen, by_leaf, subject, ok_message, none_message, broken)
