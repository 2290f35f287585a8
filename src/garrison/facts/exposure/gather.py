"""Gather the exposure facts from every service pack's listeners and the firewall's verdicts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from garrison.facts.docker.model import DockerFacts
from garrison.facts.ejabberd import EjabberdFacts
from garrison.facts.exposure.firewall import (
    FirewallState,
    PortAccess,
    families_for,
    firewall_state,
    port_access,
    widest,
)
from garrison.facts.exposure.model import ExposedListener, ExposureFacts, PortProbe
from garrison.facts.exposure.policy import policy_for, policy_table
from garrison.facts.exposure.sockets import SS_COMMAND, parse_ss
from garrison.facts.listeners import Listener
from garrison.facts.nginx import NginxFacts
from garrison.facts.postgresql import PostgresFacts
from garrison.facts.prosody import ProsodyFacts
from garrison.facts.sip.model import SipFacts
from garrison.facts.store import FactStore
from garrison.target.base import Target


class ReportsListeners(Protocol):
    def listeners(self) -> tuple[Listener, ...]: ...


#: Every fact type that reports where its service listens. A pack whose subject is absent or whose
#: config is broken contributes nothing here (its own rules say why).
LISTENER_SOURCES: tuple[type[ReportsListeners], ...] = (
    NginxFacts,
    EjabberdFacts,
    ProsodyFacts,
    PostgresFacts,
    DockerFacts,
    SipFacts,
)


def _collect(store: FactStore) -> tuple[list[Listener], list[str]]:
    found: list[Listener] = []
    sources: list[str] = []
    for fact_type in LISTENER_SOURCES:
        facts = store.peek(fact_type)
        listeners = () if facts is None else facts.listeners()
        if listeners:
            sources.append(fact_type.__name__)
            found.extend(listeners)
    return found, sources


def _live_sockets(target: Target) -> list[Listener]:
    """Sockets the live host listens on that no configuration explains (None offline or without ss)."""
    if not target.live:
        return []
    result = target.run(SS_COMMAND)
    if result is None or result.returncode != 0:
        return []
    return parse_ss(result.stdout)


def _access(firewall: FirewallState, port: int, proto: str, address: str) -> PortAccess | None:
    return widest([port_access(firewall, port, proto, family) for family in families_for(address)])


def gather_exposure(
    target: Target, store: FactStore, overrides: Mapping[str, str] | None = None
) -> ExposureFacts:
    table = policy_table(overrides)
    listeners, sources = _collect(store)
    firewall = firewall_state(store)
    available = firewall is not None
    configured = {(item.port, item.proto) for item in listeners}
    live = [item for item in _live_sockets(target) if (item.port, item.proto) not in configured]
    if live:
        sources.append("ss")
    exposed = []
    for item in dict.fromkeys([*listeners, *live]):
        docker = item.service.startswith("compose:")
        families: tuple[tuple[str, PortAccess | None], ...] = ()
        if item.scope != "loopback":
            families = tuple(
                (family, port_access(firewall, item.port, item.proto, family))
                for family in families_for(item.address)
            )
        access = widest([a for _, a in families]) if families else None
        policy = policy_for(table, item.port, item.proto, item.service)
        exposed.append(ExposedListener(item, policy, access, docker, families))
    probes = []
    sip = store.peek(SipFacts)
    for rtp in () if sip is None else sip.rtp_ranges:
        for port in dict.fromkeys((rtp.low, (rtp.low + rtp.high) // 2, rtp.high)):
            probes.append(PortProbe(port, "udp", _access(firewall, port, "udp", "0.0.0.0")))
    given = tuple(sorted((overrides or {}).items()))
    return ExposureFacts(tuple(exposed), tuple(sources), available, tuple(probes), given)
