"""The common shape in which every service pack reports where its service listens.

Service facts (nginx, ejabberd, Prosody, PostgreSQL, SIP, compose port bindings, ...) expose
`listeners() -> tuple[Listener, ...]`; the exposure policy (`garrison.rules.exposure`) matches them against
its port table and the firewall.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from garrison.model import Location


class IpProtocol(StrEnum):
    """The transport a port belongs to: a port number means nothing without it (5060/udp is not 5060/tcp)."""

    TCP = "tcp"
    UDP = "udp"
    SCTP = "sctp"  # compose can publish it; no policy or firewall query of Garrison's names it today

    @classmethod
    def parse(cls, text: str) -> IpProtocol | None:
        """The protocol a config spells `text` (any case), None when it names none of these."""
        return cls._value2member_map_.get(text.strip().lower())  # type: ignore[return-value]


class AddressScope(StrEnum):
    """Which interfaces a bound address receives on."""

    LOOPBACK = "loopback"
    ALL = "all"  # every interface: 0.0.0.0, ::, *
    SPECIFIC = "specific"  # one non-loopback address (or a name that resolves to one)


@dataclass(frozen=True, slots=True)
class Listener:
    service: str  # "ejabberd", "nginx", "postgresql", "compose:mtproto-proxy", ...
    address: str  # as configured: "0.0.0.0", "::", "127.0.0.1", "*", "localhost", an interface address
    port: int
    proto: IpProtocol = IpProtocol.TCP
    purpose: str = ""  # e.g. "c2s", "web admin", "stats"
    location: Location | None = None

    @property
    def scope(self) -> AddressScope:
        return address_scope(self.address)


def address_scope(address: str) -> AddressScope:
    text = address.strip().strip("[]")
    if text in ("", "*", "0.0.0.0", "::", "0:0:0:0:0:0:0:0", "any"):
        return AddressScope.ALL
    if text in ("localhost", "ip6-localhost"):
        return AddressScope.LOOPBACK
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return AddressScope.SPECIFIC
    if ip.is_loopback:
        return AddressScope.LOOPBACK
    if ip.is_unspecified:
        return AddressScope.ALL
    return AddressScope.SPECIFIC


class ReportsListeners(Protocol):
    """A pack's facts that say where its service listens. A facts class declares it by naming this as a base
    (`class NginxFacts(ReportsListeners)`); the exposure facts collect every such fact type of the catalog,
    so a new service pack is exposure-audited without editing another pack."""

    __slots__ = ()

    def listeners(self) -> tuple[Listener, ...]: ...


class PortSpan(Protocol):
    """A range of ports (an RTP relay's media ports), inclusive."""

    @property
    def low(self) -> int: ...

    @property
    def high(self) -> int: ...


class ReportsMediaPorts(Protocol):
    """A pack's facts that name UDP port ranges its service receives media on (RTP relays, media servers),
    declared by naming this as a base; the exposure facts ask the firewall about every such range of the
    catalog, so a new media pack is probed without editing another pack."""

    __slots__ = ()

    @property
    def rtp_ranges(self) -> Sequence[PortSpan]: ...
