"""The exposure policy table (src/garrison/data/exposure.toml), loaded lazily, with user overrides.

Policies: `public` (anyone), `trusted` (trusted sources only), `localhost` (loopback only), `blocked`
(must not be reachable). A port not in the table has no policy (None).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

POLICIES = ("public", "trusted", "localhost", "blocked")


@dataclass(frozen=True, slots=True)
class PortPolicy:
    port: int
    proto: str
    policy: str
    service: str
    source: str
    services: tuple[str, ...] = ()  # empty: any service on the port; else words its service name contains

    @property
    def key(self) -> str:
        return f"{self.port}/{self.proto}"

    def applies_to(self, service: str) -> bool:
        return not self.services or any(word in service.lower() for word in self.services)


@cache
def builtin_policy() -> tuple[PortPolicy, ...]:
    text = resources.files("garrison").joinpath("data", "exposure.toml").read_text(encoding="utf-8")
    return tuple(
        PortPolicy(
            int(e["port"]),
            str(e["proto"]),
            str(e["policy"]),
            str(e["service"]),
            str(e["source"]),
            tuple(str(word).lower() for word in e.get("services", ())),
        )
        for e in tomllib.loads(text)["port"]
    )


def policy_table(overrides: Mapping[str, str] | None = None) -> dict[str, PortPolicy]:
    """key "port/proto" -> PortPolicy, overrides applied (bad override keys/values are ignored)."""
    table = {item.key: item for item in builtin_policy()}
    for key, value in (overrides or {}).items():
        port, _, proto = key.strip().partition("/")
        policy = value.strip().lower()
        if not port.isdigit() or policy not in POLICIES:
            continue
        proto = (proto or "tcp").lower()
        name = f"{int(port)}/{proto}"
        old = table.get(name)
        service = old.service if old else "user-defined"
        table[name] = PortPolicy(int(port), proto, policy, service, "garrison.toml [exposure]")
    return table


def policy_for(table: Mapping[str, PortPolicy], port: int, proto: str, service: str) -> PortPolicy | None:
    """The policy of `port/proto` for a listener of `service`, if the table has one that applies."""
    entry = table.get(f"{port}/{proto}")
    return entry if entry is not None and entry.applies_to(service) else None


def restricted_ports() -> frozenset[tuple[int, str]]:
    """(port, proto) of the built-in ports that must not be open to everyone."""
    return frozenset((p.port, p.proto) for p in builtin_policy() if p.policy != "public")
