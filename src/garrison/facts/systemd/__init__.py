"""systemd facts: the service units of audited network services and administrator-written units."""

from __future__ import annotations

from garrison.facts.store import Gatherer
from garrison.facts.systemd.gather import gather_systemd
from garrison.facts.systemd.model import ServiceUnit, SystemdFacts, UnitAssignment
from garrison.options import AuditOptions

__all__ = ["ServiceUnit", "SystemdFacts", "UnitAssignment", "gather_systemd", "gatherers"]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {SystemdFacts: gather_systemd}
