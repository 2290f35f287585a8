"""Exposure facts: every service listener found by the packs, its policy and the firewall's answer."""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.exposure.firewall import Access, PortAccess
from garrison.facts.exposure.policy import PortPolicy
from garrison.facts.firewall import Family
from garrison.facts.listeners import AddressScope, IpProtocol, Listener
from garrison.facts.placeholders import has_placeholder

_FROM_ANYWHERE = frozenset({Access.OPEN})
_FROM_SOMEWHERE = frozenset({Access.OPEN, Access.RESTRICTED})


@dataclass(frozen=True, slots=True)
class ExposedListener:
    listener: Listener
    policy: PortPolicy | None  # None: the port is not in the policy table
    access: PortAccess | None  # None: firewall state unavailable
    via_docker: bool = False  # published by docker: DNAT before INPUT, so INPUT rules do not apply
    by_family: tuple[tuple[Family, PortAccess | None], ...] = ()  # each family's answer of the firewall
    #: Live hosts: True when ss shows a socket for it, False when ss answered and none serves it (declared
    #: in a config, not listening); None when not checked (offline, no ss, or published by docker, whose
    #: DNAT forwards without a socket when the userland proxy is off).
    listening: bool | None = None
    socket: Listener | None = None  # the live socket (ss line) that serves it

    @property
    def declared_only(self) -> bool:
        """A live host's ss shows no socket for this declared listener: nothing can reach it now."""
        return self.listening is False

    def family_access(self, family: Family) -> PortAccess | None:
        return next((access for fam, access in self.by_family if fam is family), None)

    @property
    def placeholder(self) -> bool:
        """The configured address is an unrendered template placeholder: its scope is unknown."""
        return has_placeholder(self.listener.address, env="shell")

    @property
    def reachable_from_anywhere(self) -> bool | None:
        """True/False when known; None when the firewall state (or the address) is unknown."""
        if self.declared_only:
            return False
        return self._reachable(_FROM_ANYWHERE)

    @property
    def reachable_at_all(self) -> bool | None:
        """Reachable from some source (open, or accepted from listed sources); None when unknown."""
        return self._reachable(_FROM_SOMEWHERE)

    def _reachable(self, through: frozenset[Access]) -> bool | None:
        if self.placeholder:
            return None
        if self.listener.scope is AddressScope.LOOPBACK:
            return False
        if self.via_docker:
            return True
        if self.access is None or self.access.state is Access.UNKNOWN:
            return None
        return self.access.state in through


@dataclass(frozen=True, slots=True)
class PortProbe:
    port: int
    proto: IpProtocol
    access: PortAccess | None


@dataclass(frozen=True, slots=True)
class ExposureFacts:
    listeners: tuple[ExposedListener, ...]
    sources: tuple[str, ...]  # fact types that contributed listeners
    firewall_available: bool
    probes: tuple[PortProbe, ...] = ()  # firewall answers for other ports packs asked about (RTP ranges)
    overrides: tuple[tuple[str, str], ...] = ()  # garrison.toml [exposure] as given ("5280/tcp", "public")
    live_sockets: bool = False  # ss answered: listeners were checked against the live sockets

    @property
    def basis(self) -> str:
        """What the listeners were judged from, for messages."""
        return "judged from live sockets (ss)" if self.live_sockets else "judged from configuration"

    def probe(self, port: int, proto: IpProtocol) -> PortProbe | None:
        return next((p for p in self.probes if p.port == port and p.proto is proto), None)

    def for_port(self, port: int, proto: IpProtocol) -> tuple[ExposedListener, ...]:
        return tuple(e for e in self.listeners if e.listener.port == port and e.listener.proto is proto)
