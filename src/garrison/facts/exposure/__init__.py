"""exposure facts: every pack's listeners matched against the port policy and the firewall (see `gather`)."""

from __future__ import annotations

from functools import partial

from garrison.facts.exposure.firewall import Access, PortAccess
from garrison.facts.exposure.model import ExposedListener, ExposureFacts, PortProbe
from garrison.facts.exposure.policy import Exposure, PortPolicy, policy_for, policy_table
from garrison.facts.exposure.settings import declared_at
from garrison.facts.exposure.sockets import SS_SOURCE
from garrison.facts.store import Gatherer, NeedsFacts
from garrison.options import AuditOptions

__all__ = [
    "SS_SOURCE",
    "Access",
    "ExposedListener",
    "Exposure",
    "ExposureFacts",
    "PortAccess",
    "PortPolicy",
    "PortProbe",
    "declared_at",
    "gatherers",
    "policy_for",
    "policy_table",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.exposure.gather import gather_exposure

    gather = partial(gather_exposure, overrides=dict(options.exposure_overrides))
    gather.__name__ = "gather_exposure"  # type: ignore[attr-defined]
    return {ExposureFacts: NeedsFacts(gather)}
