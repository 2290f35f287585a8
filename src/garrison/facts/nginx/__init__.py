"""nginx facts: the main config with includes spliced in, as contexts with directive inheritance."""

from __future__ import annotations

from garrison.facts.nginx.gather import gather_nginx
from garrison.facts.nginx.model import Level, NginxFacts, Scope, Server
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = ["Level", "NginxFacts", "Scope", "Server", "gather_nginx", "gatherers"]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {NginxFacts: gather_nginx}
