"""ejabberd facts: the effective ejabberd.yml (includes, macros, 23.01 defaults) and ejabberdctl.cfg."""

from __future__ import annotations

from garrison.facts.ejabberd.gather import EjabberdFacts, gather_ejabberd
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = ["EjabberdFacts", "gather_ejabberd", "gatherers"]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {EjabberdFacts: gather_ejabberd}
