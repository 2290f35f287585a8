"""Gather the exposure facts from the other packs' listeners (lazily, each optional) and the firewall."""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from garrison.facts.exposure.firewall import PortAccess, families_for, firewall_facts, port_access, widest
from garrison.facts.exposure.model import ExposedListener, ExposureFacts, PortProbe
from garrison.facts.exposure.policy import policy_for, policy_table
from garrison.facts.exposure.sockets import SS_COMMAND, parse_ss
from garrison.facts.listeners import Listener
from garrison.facts.store import FactStore
from garrison.target.base import Target

#: (module, class) of every fact type that reports listeners; each may be missing or broken.
LISTENER_SOURCES = (
    ("garrison.facts.nginx", "NginxFacts"),
    ("garrison.facts.ejabberd", "EjabberdFacts"),
    ("garrison.facts.prosody", "ProsodyFacts"),
    ("garrison.facts.postgresql", "PostgresFacts"),
    ("garrison.facts.docker.model", "DockerFacts"),
    ("garrison.facts.sip.model", "SipFacts"),
)


def _collect(store: FactStore) -> tuple[list[Listener], list[str], list[object]]:
    found: list[Listener] = []
    sources: list[str] = []
    facts_seen: list[object] = []
    for module_name, class_name in LISTENER_SOURCES:
        try:
            fact_type = getattr(importlib.import_module(module_name), class_name)
            facts = store.peek(fact_type)
        except (ImportError, AttributeError, LookupError):
            continue
        if facts is None or not hasattr(facts, "listeners"):
            continue
        try:
            listeners = tuple(facts.listeners())
        except Exception:  # another pack's bug must not sink the exposure rules
            continue
        facts_seen.append(facts)
        if listeners:
            sources.append(class_name)
            found.extend(listeners)
    return found, sources, facts_seen


def _live_sockets(target: Target) -> list[Listener]:
    """Sockets the live host listens on that no configuration explains (None offline or without ss)."""
    if not target.live:
        return []
    result = target.run(SS_COMMAND)
    if result is None or result.returncode != 0:
        return []
    return parse_ss(result.stdout)


def _access(store: FactStore, port: int, proto: str, address: str) -> PortAccess | None:
    return widest([port_access(store, port, proto, family) for family in families_for(address)])


def gather_exposure(
    target: Target, store: FactStore, overrides: Mapping[str, str] | None = None
) -> ExposureFacts:
    table = policy_table(overrides)
    listeners, sources, facts_seen = _collect(store)
    available = firewall_facts(store)[0] != "unavailable"
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
                (family, port_access(store, item.port, item.proto, family))
                for family in families_for(item.address)
            )
        access = widest([a for _, a in families]) if families else None
        policy = policy_for(table, item.port, item.proto, item.service)
        exposed.append(ExposedListener(item, policy, access, docker, families))
    probes = []
    for facts in facts_seen:
        for rtp in getattr(facts, "rtp_ranges", ()):
            for port in dict.fromkeys((rtp.low, (rtp.low + rtp.high) // 2, rtp.high)):
                probes.append(PortProbe(port, "udp", _access(store, port, "udp", "0.0.0.0")))
    given = tuple(sorted((overrides or {}).items()))
    return ExposureFacts(tuple(exposed), tuple(sources), available, tuple(probes), given)
