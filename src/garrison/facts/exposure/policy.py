"""The exposure policy table (src/garrison/data/exposure.toml) as typed records, loaded lazily and checked
on load, with user overrides.

Policies: `public` (anyone), `trusted` (trusted sources only), `localhost` (loopback only), `blocked`
(must not be reachable). A port not in the table has no policy (None).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from garrison.facts.listeners import IpProtocol


class Exposure(StrEnum):
    """Who may reach a port."""

    PUBLIC = "public"
    TRUSTED = "trusted"
    LOCALHOST = "localhost"
    BLOCKED = "blocked"


POLICIES = tuple(Exposure)


@dataclass(frozen=True, slots=True)
class PortPolicy:
    port: int
    proto: IpProtocol
    policy: Exposure
    service: str
    source: str
    services: tuple[str, ...] = ()  # empty: any service on the port; else words its service name contains

    @property
    def key(self) -> str:
        return f"{self.port}/{self.proto}"

    def applies_to(self, service: str) -> bool:
        return not self.services or any(word in service.lower() for word in self.services)


_FIELDS = frozenset({"port", "proto", "policy", "service", "source", "services"})


def port_policy(entry: Mapping[str, Any]) -> PortPolicy:
    """One `[[port]]` table as a record; ValueError names what is wrong with it."""
    unknown = set(entry) - _FIELDS
    port, proto, policy = (
        entry.get("port"),
        IpProtocol.parse(str(entry.get("proto", ""))),
        entry.get("policy"),
    )
    words = entry.get("services", [])
    if (
        unknown
        or not isinstance(port, int)
        or not 0 < port <= 65535
        or proto not in (IpProtocol.TCP, IpProtocol.UDP)
    ):
        raise ValueError(
            f"exposure entry {dict(entry)}: needs port 1-65535 and proto tcp|udp, no {sorted(unknown)}"
        )
    if policy not in POLICIES or not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ValueError(f"exposure entry {port}/{proto}: policy must be one of {', '.join(POLICIES)}")
    service, source = entry.get("service"), entry.get("source")
    if not isinstance(service, str) or not isinstance(source, str) or not service or not source:
        raise ValueError(f"exposure entry {port}/{proto}: service and source are required")
    return PortPolicy(
        port=port,
        proto=proto,
        policy=Exposure(policy),
        service=service,
        source=source,
        services=tuple(w.lower() for w in words),
    )


@cache
def builtin_policy() -> tuple[PortPolicy, ...]:
    text = resources.files("garrison").joinpath("data", "exposure.toml").read_text(encoding="utf-8")
    return tuple(port_policy(entry) for entry in tomllib.loads(text)["port"])


def policy_table(overrides: Mapping[str, str] | None = None) -> dict[str, PortPolicy]:
    """key "port/proto" -> PortPolicy, overrides applied (bad override keys/values are ignored)."""
    table = {item.key: item for item in builtin_policy()}
    for key, value in (overrides or {}).items():
        port, _, spelled = key.strip().partition("/")
        policy = value.strip().lower()
        proto = IpProtocol.parse(spelled or "tcp")
        if not port.isdigit() or policy not in POLICIES or proto is None:
            continue
        name = f"{int(port)}/{proto}"
        old = table.get(name)
        service = old.service if old else "user-defined"
        table[name] = PortPolicy(
            port=int(port),
            proto=proto,
            policy=Exposure(policy),
            service=service,
            source="garrison.toml [exposure]",
        )
    return table


def policy_for(
    table: Mapping[str, PortPolicy], port: int, proto: IpProtocol | str, service: str
) -> PortPolicy | None:
    """The policy of `port/proto` for a listener of `service`, if the table has one that applies."""
    entry = table.get(f"{port}/{proto}")
    return entry if entry is not None and entry.applies_to(service) else None


def restricted_ports() -> frozenset[tuple[int, IpProtocol]]:
    """(port, proto) of the built-in ports that must not be open to everyone."""
    return frozenset((p.port, p.proto) for p in builtin_policy() if p.policy is not Exposure.PUBLIC)
