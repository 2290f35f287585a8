"""Gather the exposure facts from every service pack's listeners and the firewall's verdicts.

On a live host whose `ss` answers, each declared listener is matched with the live sockets that serve it
(same port, protocol and scope): matched, it is judged at the addresses actually bound; unmatched, it is
*declared only* (nothing can reach it now). Live sockets that no configuration explains are added as
listeners of their own. Offline (or without ss) the declared listeners are what is judged.
"""

from __future__ import annotations

from collections.abc import Mapping

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
from garrison.facts.exposure.sockets import SS_COMMAND, parse_ss, serves
from garrison.facts.firewall import Family, FirewallFacts
from garrison.facts.listeners import AddressScope, IpProtocol, Listener, ReportsListeners, ReportsMediaPorts
from garrison.facts.placeholders import has_placeholder
from garrison.facts.reads import Reads, declares
from garrison.facts.store import FactStore
from garrison.targets.base import Target


def _collect(store: FactStore) -> tuple[list[Listener], list[str]]:
    found: list[Listener] = []
    sources: list[str] = []
    for facts in store.providers(ReportsListeners):  # type: ignore[type-abstract]  # every pack of the catalog with listeners()
        listeners = facts.listeners()
        if listeners:
            sources.append(type(facts).__name__)
            found.extend(listeners)
    return found, sources


def _live_sockets(target: Target) -> list[Listener] | None:
    """The sockets the live host listens on; None offline or when ss cannot answer."""
    if not target.live:
        return None
    result = target.run(SS_COMMAND)
    if not result.ok:
        return None
    return parse_ss(result.stdout)


def _via_docker(item: Listener) -> bool:
    return item.service.startswith("compose:")


def _access(firewall: FirewallState, port: int, proto: IpProtocol, address: str) -> PortAccess | None:
    return widest([port_access(firewall, port, proto, family) for family in families_for(address)])


@declares(Reads(commands=(SS_COMMAND,), needs=(ReportsListeners, FirewallFacts, ReportsMediaPorts)))
def gather_exposure(
    target: Target, store: FactStore, overrides: Mapping[str, str] | None = None
) -> ExposureFacts:
    table = policy_table(overrides)
    listeners, sources = _collect(store)
    firewall = firewall_state(store)
    available = firewall is not None
    sockets = _live_sockets(target)
    served: set[Listener] = set()
    found: list[tuple[Listener, bool | None, tuple[Listener, ...]]] = []
    for item in dict.fromkeys(listeners):
        matches: tuple[Listener, ...] = ()
        listening: bool | None = None
        if sockets is not None:
            unknown_address = has_placeholder(item.address, env="shell")
            matches = tuple(s for s in sockets if serves(s, item, any_address=unknown_address))
            listening = True if matches else None if _via_docker(item) else False
        served.update(matches)
        found.append((item, listening, matches))
    extra = [s for s in dict.fromkeys(sockets or ()) if s not in served]
    if extra:
        sources.append("ss")
    found.extend((s, True, (s,)) for s in extra)
    exposed = []
    for item, listening, matches in found:
        addresses = [s.address for s in matches] or [item.address]  # a live socket says what is bound
        families: tuple[tuple[Family, PortAccess | None], ...] = ()
        if item.scope is not AddressScope.LOOPBACK:
            families = tuple(
                (family, port_access(firewall, item.port, item.proto, family))
                for family in dict.fromkeys(f for address in addresses for f in families_for(address))
            )
        access = widest([a for _, a in families]) if families else None
        policy = policy_for(table, item.port, item.proto, item.service)
        socket = matches[0] if matches else None
        exposed.append(ExposedListener(item, policy, access, _via_docker(item), families, listening, socket))
    probes = []
    for media in store.providers(ReportsMediaPorts):  # type: ignore[type-abstract]  # every pack with media ports
        for rtp in media.rtp_ranges:
            for port in dict.fromkeys((rtp.low, (rtp.low + rtp.high) // 2, rtp.high)):
                access = _access(firewall, port, IpProtocol.UDP, "0.0.0.0")
                probes.append(PortProbe(port, IpProtocol.UDP, access))
    given = tuple(sorted((overrides or {}).items()))
    return ExposureFacts(
        tuple(exposed), tuple(sources), available, tuple(probes), given, live_sockets=sockets is not None
    )
