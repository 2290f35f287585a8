"""secrets facts: proxy secrets (summarised), secret files and service log rotation (see `gather`)."""

from __future__ import annotations

from functools import partial

from garrison.facts.secrets.model import SecretsFacts
from garrison.facts.store import Gatherer, NeedsFacts
from garrison.options import AuditOptions


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.secrets.gather import gather_secrets

    gather = partial(gather_secrets, search_paths=options.search_paths)
    gather.__name__ = "gather_secrets"  # type: ignore[attr-defined]
    return {SecretsFacts: NeedsFacts(gather)}
