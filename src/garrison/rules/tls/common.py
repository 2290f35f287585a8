"""Shared helpers for the TLS material rules: which files hold server certificates, and verdict folding."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from garrison.facts.tls import TlsFacts, TlsFile
from garrison.facts.tls.material import CertInfo
from garrison.facts.tlsrefs import TlsFileRole
from garrison.model import Evidence, Location, Outcome, errored, evidence, failed, not_applicable, passed
from garrison.rules.wording import agree, plural

#: A count's subject as (singular, plural): ("certificate has expired", "certificates have expired").
Subject = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Problem:
    note: str
    cite: Evidence


Check = Callable[[TlsFile], Problem | None]


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


def cert_cite(item: TlsFile, cert: CertInfo, actual: object, expected: object | None = None) -> Evidence:
    return evidence(item.path, cert.line, actual, expected)


def ref_cite(item: TlsFile, actual: object, expected: object | None = None) -> Evidence:
    """Cite the config line that references the file when there is one, else the file."""
    for ref in item.refs:
        if ref.location is not None:
            return Evidence(ref.location, None if actual is None else str(actual), _s(expected))
    return Evidence(Location(item.path), None if actual is None else str(actual), _s(expected))


def _s(value: object | None) -> str | None:
    return None if value is None else str(value)


def judge_files(
    files: Iterable[TlsFile],
    check: Check,
    subject: Subject,
    ok_message: str,
    none_message: str,
    broken: Iterable[TlsFile] = (),
) -> Outcome:
    """Fail on any problem; else error if a file the rule needs is broken; else pass (n/a without files)."""
    checked = list(files)
    problems = [(item, p) for item in checked if (p := check(item)) is not None]
    if problems:
        notes = "; ".join(f"{item.describe()}: {p.note}" for item, p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        said = f"{len(problems)} {agree(len(problems), *subject)}"
        return failed(f"{said}: {notes}{more}", *(p.cite for _i, p in problems))
    bad = [f for f in broken if f.problem and f.refs]
    if bad:
        notes = "; ".join(f"{f.path}: {f.problem}" for f in bad[:5])
        return errored(f"cannot judge {notes}", *(Evidence(f.where(), None) for f in bad))
    if not checked:
        return not_applicable(none_message)
    return passed(f"{ok_message} ({plural(len(checked), 'file')})")


def referenced_broken(tls: TlsFacts, *roles: TlsFileRole) -> tuple[TlsFile, ...]:
    """Referenced files in one of `roles` that exist but could not be read or parsed."""
    return tuple(
        f for f in tls.files if f.problem and f.mode is not None and any(f.referenced_as(r) for r in roles)
    )
