"""systemd facts: the service units of audited network services and administrator-written units."""

from __future__ import annotations

from garrison.facts.store import Gatherer, NeedsFacts
from garrison.facts.systemd.effective import allowed_namespaces, restricted_families, syscall_badness
from garrison.facts.systemd.gather import gather_systemd
from garrison.facts.systemd.model import ServiceUnit, SystemdFacts, UnitAssignment, parse_bool
from garrison.facts.systemd.security import assess, effective_capabilities
from garrison.facts.systemd.validity import IgnoredAssignment, ignored_assignments
from garrison.options import AuditOptions

__all__ = [
    "IgnoredAssignment",
    "ServiceUnit",
    "SystemdFacts",
    "UnitAssignment",
    "allowed_namespaces",
    "assess",
    "effective_capabilities",
    "gather_systemd",
    "gatherers",
    "ignored_assignments",
    "parse_bool",
    "restricted_families",
    "syscall_badness",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {SystemdFacts: NeedsFacts(gather_systemd)}
