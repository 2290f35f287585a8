"""ejabberd facts: the effective ejabberd.yml (includes, macros, 23.01 defaults) and ejabberdctl.cfg."""

from __future__ import annotations

from garrison.facts.ejabberd import defaults
from garrison.facts.ejabberd.gather import EjabberdFacts, gather_ejabberd
from garrison.facts.ejabberd.model import EjListener, Kind, Node, ShellVar
from garrison.facts.ejabberd.proxy import ProxyTargets, gather_proxy_targets
from garrison.facts.store import Gatherer, NeedsFacts
from garrison.options import AuditOptions

__all__ = [
    "EjListener",
    "EjabberdFacts",
    "Kind",
    "Node",
    "ProxyTargets",
    "ShellVar",
    "defaults",
    "gather_ejabberd",
    "gather_proxy_targets",
    "gatherers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {EjabberdFacts: gather_ejabberd, ProxyTargets: NeedsFacts(gather_proxy_targets)}
