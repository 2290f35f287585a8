"""What turns a firewall on: ufw's own switches and whatever loads a ruleset at boot."""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.firewall.kinds import Action, PersistenceKind
from garrison.model import Location


@dataclass(frozen=True, slots=True)
class UfwConfig:
    """ufw's own switches: /etc/ufw/ufw.conf ENABLED and /etc/default/ufw policies (ufw 0.36.2 defaults)."""

    enabled: bool
    enabled_location: Location
    input_policy: Action
    input_policy_location: Location
    forward_policy: Action
    forward_policy_location: Location
    ipv6: bool
    ipv6_location: Location


@dataclass(frozen=True, slots=True)
class Persistence:
    """Something that loads firewall rules at boot: kind and where it is configured."""

    kind: PersistenceKind
    location: Location
    restores: str | None = None  # the rules file it loads
    missing: bool = False  # that file does not exist
