"""The explicit map from fact type to its gatherer. Imported only when an audit runs.

Each provider module in `FACT_PROVIDERS` exposes `gatherers(options) -> dict[type, Gatherer]`; a test
checks that every `gather_*` function under garrison.facts is reachable from here.
"""

from __future__ import annotations

import importlib

from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

FACT_PROVIDERS: tuple[str, ...] = (
    "garrison.facts.sshd",
    "garrison.facts.sysctl",
    "garrison.facts.filesystem",
    "garrison.facts.firewall",
    "garrison.facts.accounts",
    "garrison.facts.packages",
    "garrison.facts.tls",
    "garrison.facts.nginx",
    "garrison.facts.ejabberd",
    "garrison.facts.prosody",
    "garrison.facts.postgresql",
    "garrison.facts.systemd",
    "garrison.facts.docker",
    "garrison.facts.secrets",
    "garrison.facts.sip",
    "garrison.facts.exposure",
)


def default_gatherers(options: AuditOptions | None = None) -> dict[type, Gatherer]:
    options = options or AuditOptions()
    gatherers: dict[type, Gatherer] = {}
    for name in FACT_PROVIDERS:
        provided = importlib.import_module(name).gatherers(options)
        clash = gatherers.keys() & provided.keys()
        if clash:
            raise ValueError(f"{name} registers gatherers already registered: {clash}")
        gatherers.update(provided)
    return gatherers
