"""ejabberd facts: the effective ejabberd.yml (includes, macros, defaults of 21.12-24.12; option names per
release, 23.01 when the installed version is unknown) and ejabberdctl.cfg."""

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
    return {EjabberdFacts: NeedsFacts(gather_ejabberd), ProxyTargets: NeedsFacts(gather_proxy_targets)}
