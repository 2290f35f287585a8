"""firewall facts (being written)."""

from __future__ import annotations

from garrison.facts.store import Gatherer


def gatherers() -> dict[type, Gatherer]:
    return {}
