"""prosody facts (being written)."""

from __future__ import annotations

from garrison.facts.store import Gatherer
from garrison.options import AuditOptions


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {}
