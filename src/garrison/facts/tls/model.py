"""TLS material facts: every certificate, key and DH parameter file a service references or that sits in a
usual place, loaded once, with who references it and its file metadata (never its secret content).

    TlsFacts(now=datetime, files=(TlsFile(path="/etc/ssl/private/site.key", refs=(TlsFileRef(...),),
             mode=0o640, owner="root", group="ssl-cert", material=Material(keys=(KeyInfo(...),)),
             problem=None), ...))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from garrison.facts.tls.material import CertInfo, Material
from garrison.facts.tlsrefs import TlsFileRef, TlsFileRole
from garrison.model import Location


@dataclass(frozen=True, slots=True)
class TlsFile:
    path: str
    refs: tuple[TlsFileRef, ...]  # () when only found in a usual place
    material: Material
    mode: int | None = None  # None when the file is missing
    owner: str | None = None  # user name (or the uid as text when /etc/passwd lacks it)
    group: str | None = None
    problem: str | None = None  # missing, unreadable, unparseable: why nothing (or not all) could be read
    problem_line: int | None = None

    @property
    def services(self) -> tuple[str, ...]:
        return tuple(sorted({r.service for r in self.refs}))

    @property
    def hostnames(self) -> tuple[str, ...]:
        return tuple(sorted({h for r in self.refs for h in r.hostnames}))

    def referenced_as(self, role: TlsFileRole) -> bool:
        return any(r.role == role for r in self.refs)

    @property
    def leaf(self) -> CertInfo | None:
        """The first certificate: the server's own one in a chain file."""
        certs = self.material.certificates
        return certs[0] if certs else None

    def where(self) -> Location:
        return Location(self.path, self.problem_line)

    def describe(self) -> str:
        users = ", ".join(self.services)
        return f"{self.path} (used by {users})" if users else self.path


@dataclass(frozen=True, slots=True)
class TlsFacts:
    now: datetime  # when the facts were gathered (timezone-aware UTC): expiry is judged against it
    files: tuple[TlsFile, ...]

    def certificate_files(self) -> tuple[TlsFile, ...]:
        return tuple(f for f in self.files if f.material.certificates)

    def key_files(self) -> tuple[TlsFile, ...]:
        return tuple(f for f in self.files if f.material.keys or f.referenced_as(TlsFileRole.PRIVATE_KEY))
