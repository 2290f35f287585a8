"""secrets facts: proxy secrets (summarised), secret files and service log rotation (see `gather`)."""

from __future__ import annotations

from functools import partial

from garrison.facts.secrets.model import Binding, LogDir, ProxySecret, ProxySetting, SecretsFacts, dialect_of
from garrison.facts.secrets.mtproto import PORT_SETTINGS
from garrison.facts.secrets.shape import MtprotoMode, SecretKind
from garrison.facts.store import Gatherer, NeedsFacts
from garrison.options import AuditOptions

__all__ = [
    "PORT_SETTINGS",
    "Binding",
    "LogDir",
    "MtprotoMode",
    "ProxySecret",
    "ProxySetting",
    "SecretKind",
    "SecretsFacts",
    "dialect_of",
    "gatherers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.secrets.gather import gather_secrets

    gather = partial(gather_secrets, search_paths=options.search_paths)
    gather.__name__ = "gather_secrets"  # type: ignore[attr-defined]
    return {SecretsFacts: NeedsFacts(gather)}
