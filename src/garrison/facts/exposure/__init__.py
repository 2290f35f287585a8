"""exposure facts: every pack's listeners matched against the port policy and the firewall (see `gather`)."""

from __future__ import annotations

from functools import partial

from garrison.facts.exposure.model import ExposureFacts
from garrison.facts.store import Gatherer, NeedsFacts
from garrison.options import AuditOptions


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.exposure.gather import gather_exposure

    gather = partial(gather_exposure, overrides=dict(options.exposure_overrides))
    gather.__name__ = "gather_exposure"  # type: ignore[attr-defined]
    return {ExposureFacts: NeedsFacts(gather)}
