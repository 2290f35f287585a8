"""ejabberd facts: the effective ejabberd.yml (includes, macros, defaults of 21.12-24.12; option names per
release, 23.01 when the installed version is unknown) and ejabberdctl.cfg.

A lazy face (`facts.lazyface`): `presence` answers whether ejabberd is a subject here without loading the
models and parsers below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from garrison.facts.lazyface import homes, lazy_face

if TYPE_CHECKING:
    from garrison.facts.ejabberd import defaults
    from garrison.facts.ejabberd.gather import EjabberdFacts, gather_ejabberd
    from garrison.facts.ejabberd.model import EjListener, Kind, Node, ShellVar
    from garrison.facts.ejabberd.proxy import ProxyTargets, gather_proxy_targets
    from garrison.facts.store import Gatherer
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

__getattr__ = lazy_face(
    __name__,
    homes(**{
        "garrison.facts.ejabberd.defaults": ("defaults",),
        "garrison.facts.ejabberd.gather": ("EjabberdFacts", "gather_ejabberd"),
        "garrison.facts.ejabberd.model": ("EjListener", "Kind", "Node", "ShellVar"),
        "garrison.facts.ejabberd.proxy": ("ProxyTargets", "gather_proxy_targets"),
    }),
)  # fmt: skip


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.ejabberd.gather import EjabberdFacts, gather_ejabberd
    from garrison.facts.ejabberd.proxy import ProxyTargets, gather_proxy_targets
    from garrison.facts.store import NeedsFacts

    return {EjabberdFacts: NeedsFacts(gather_ejabberd), ProxyTargets: NeedsFacts(gather_proxy_targets)}
