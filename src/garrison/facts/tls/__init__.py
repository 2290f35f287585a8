"""TLS material facts: certificates, keys and DH parameters referenced by services or in usual places."""

from __future__ import annotations

from garrison.facts.store import Gatherer, NeedsFacts
from garrison.facts.tls.gather import gather_tls
from garrison.facts.tls.material import CertInfo
from garrison.facts.tls.model import TlsFacts, TlsFile
from garrison.options import AuditOptions

__all__ = ["CertInfo", "TlsFacts", "TlsFile", "gather_tls", "gatherers"]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {TlsFacts: NeedsFacts(gather_tls)}
