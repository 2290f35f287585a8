"""The common shape in which every service pack reports where its service listens.

Service facts (nginx, ejabberd, Prosody, PostgreSQL, SIP, compose port bindings, ...) expose
`listeners() -> tuple[Listener, ...]`; the exposure policy (`garrison.rules.exposure`) matches them against
its port table and the firewall.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Protocol

from garrison.model import Location


@dataclass(frozen=True, slots=True)
class Listener:
    service: str  # "ejabberd", "nginx", "postgresql", "compose:mtproto-proxy", ...
    address: str  # as configured: "0.0.0.0", "::", "127.0.0.1", "*", "localhost", an interface address
    port: int
    proto: str = "tcp"  # "tcp" | "udp"
    purpose: str = ""  # e.g. "c2s", "web admin", "stats"
    location: Location | None = None

    @property
    def scope(self) -> str:
        """ "loopback", "all" (every interface) or "specific" (one non-loopback address)."""
        return address_scope(self.address)


def address_scope(address: str) -> str:
    text = address.strip().strip("[]")
    if text in ("", "*", "0.0.0.0", "::", "0:0:0:0:0:0:0:0", "any"):
        return "all"
    if text in ("localhost", "ip6-localhost"):
        return "loopback"
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return "specific"
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified:
        return "all"
    return "specific"


class ReportsListeners(Protocol):
    """A pack's facts that say where its service listens. A facts class declares it by naming this as a base
    (`class NginxFacts(ReportsListeners)`); the exposure facts collect every such fact type of the catalog,
    so a new service pack is exposure-audited without editing another pack."""

    __slots__ = ()

    def listeners(self) -> tuple[Listener, ...]: ...
