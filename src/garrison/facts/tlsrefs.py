"""The common shape in which service packs report the TLS files their configs reference.

Service facts (nginx, ejabberd, Prosody, PostgreSQL, SIP, ...) expose `tls_files() -> tuple[TlsFileRef, ...]`;
the TLS material pack (`garrison.facts.tls`) loads and judges each file once, wherever it is referenced.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from garrison.model import Location


class TlsFileRole(StrEnum):
    CERTIFICATE = "certificate"  # a certificate or a chain (fullchain.pem)
    PRIVATE_KEY = "private_key"
    DH_PARAMS = "dh_params"
    CA_BUNDLE = "ca_bundle"


@dataclass(frozen=True, slots=True)
class TlsFileRef:
    path: str  # on the target, as configured (absolute after resolving relative to the config's base)
    role: TlsFileRole
    service: str  # "nginx", "prosody", ...
    hostnames: tuple[str, ...] = ()  # names the service serves with it (server_name, VirtualHost), if known
    location: Location | None = None  # the config line that references it


class ReferencesTls(Protocol):
    """A pack's facts that name certificate, key and DH files, declared by naming this as a base; the TLS
    material facts collect every such fact type of the catalog."""

    __slots__ = ()

    def tls_files(self) -> tuple[TlsFileRef, ...]: ...
