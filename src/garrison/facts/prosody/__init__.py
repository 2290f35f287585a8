"""Prosody facts: the effective prosody.cfg.lua (with Includes, scopes and 0.12.3 defaults)."""

from __future__ import annotations

from garrison.facts.prosody.gather import ProsodyFacts, gather_prosody
from garrison.facts.prosody.model import HostKind
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = ["HostKind", "ProsodyFacts", "gather_prosody", "gatherers"]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {ProsodyFacts: gather_prosody}
