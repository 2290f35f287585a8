"""Exposure facts: every service listener found by the packs, its policy and the firewall's answer."""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.exposure.firewall import PortAccess
from garrison.facts.exposure.policy import PortPolicy
from garrison.facts.listeners import Listener


@dataclass(frozen=True, slots=True)
class ExposedListener:
    listener: Listener
    policy: PortPolicy | None  # None: the port is not in the policy table
    access: PortAccess | None  # None: firewall state unavailable
    via_docker: bool = False  # published by docker: DNAT before INPUT, so INPUT rules do not apply

    @property
    def reachable_from_anywhere(self) -> bool | None:
        """True/False when known; None when the firewall state is unavailable."""
        if self.listener.scope == "loopback":
            return False
        if self.via_docker:
            return True
        if self.access is None or self.access.state == "unknown":
            return None
        return self.access.state == "open"


@dataclass(frozen=True, slots=True)
class PortProbe:
    port: int
    proto: str
    access: PortAccess | None


@dataclass(frozen=True, slots=True)
class ExposureFacts:
    listeners: tuple[ExposedListener, ...]
    sources: tuple[str, ...]  # fact types that contributed listeners
    firewall_available: bool
    probes: tuple[PortProbe, ...] = ()  # firewall answers for other ports packs asked about (RTP ranges)

    def probe(self, port: int, proto: str) -> PortProbe | None:
        return next((p for p in self.probes if p.port == port and p.proto == proto), None)

    def for_port(self, port: int, proto: str) -> tuple[ExposedListener, ...]:
        return tuple(e for e in self.listeners if e.listener.port == port and e.listener.proto == proto)
