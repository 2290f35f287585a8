"""The explicit map from fact type to its gatherer. Imported only when an audit runs.

Each provider module in `FACT_PROVIDERS` exposes `gatherers(options) -> dict[type, Gatherer]`; a test
checks that every `gather_*` function under garrison.facts is reachable from here. `declared_reads` gives
what the gatherers of a selection of facts (those a selection of rules takes) read, for a snapshot target.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from typing import Protocol

from garrison.facts.reads import Reads, declared
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions
from garrison.targets.base import Target

FACT_PROVIDERS: tuple[str, ...] = (
    "garrison.facts.sshd",
    "garrison.facts.sysctl",
    "garrison.facts.kernelcfg",
    "garrison.facts.filesystem",
    "garrison.facts.firewall",
    "garrison.facts.accounts",
    "garrison.facts.packages",
    "garrison.facts.versions",
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
    "garrison.facts.logging",
)


#: Providers whose subject is often absent, each with the module whose `absence(target, options)` says so
#: without loading the pack (None: present, or for its gatherer to decide). An audit asks them first and
#: neither imports nor registers an absent one (`absent_subjects`); its rules are stand-ins.
SUBJECT_GATES: dict[str, str] = {
    "garrison.facts.ejabberd": "garrison.facts.ejabberd.presence",
    "garrison.facts.docker": "garrison.facts.docker.presence",
    "garrison.facts.sip": "garrison.facts.sip.presence",
    "garrison.facts.nginx": "garrison.facts.nginx.presence",
    "garrison.facts.prosody": "garrison.facts.prosody.presence",
    "garrison.facts.postgresql": "garrison.facts.postgresql.presence",
}


def default_gatherers(options: AuditOptions | None = None, skip: Iterable[str] = ()) -> dict[type, Gatherer]:
    """Every provider's gatherers but those of the providers named in `skip`."""
    options = options or AuditOptions()
    left_out = frozenset(skip)
    gatherers: dict[type, Gatherer] = {}
    for name in FACT_PROVIDERS:
        if name in left_out:
            continue
        provided = importlib.import_module(name).gatherers(options)
        clash = gatherers.keys() & provided.keys()
        if clash:
            raise ValueError(f"{name} registers gatherers already registered: {clash}")
        gatherers.update(provided)
    return gatherers


def absent_subjects(target: Target, options: AuditOptions) -> dict[str, str]:
    """The gated providers whose subject is not on `target`: provider -> the reason its rules give."""
    absent: dict[str, str] = {}
    for provider, presence in SUBJECT_GATES.items():
        try:
            reason = importlib.import_module(presence).absence(target, options)
        except Exception:  # undecided here: the provider's own gatherer runs and records what went wrong
            reason = None
        if reason is not None:
            absent[provider] = reason
    return absent


class TakesFacts(Protocol):
    """A rule, as far as the catalog cares: the fact types it takes."""

    def fact_types(self) -> tuple[type, ...]: ...


def declared_reads(
    wanted: Iterable[type],
    options: AuditOptions | None = None,
    gatherers: Mapping[type, Gatherer] | None = None,
) -> Reads:
    """The union of what the gatherers of `wanted` declare they read, and of every fact they build on
    (`Reads.needs`, transitively; a shape such as `ReferencesTls` stands for every fact type of the catalog
    that names it as a base). Raises `LookupError` for a gatherer that declares nothing: a snapshot built
    without its reads would be silently incomplete."""
    options = options or AuditOptions()
    gatherers = default_gatherers(options) if gatherers is None else gatherers
    union, seen, todo = Reads(), set(), list(wanted)
    while todo:
        fact_type = todo.pop()
        if fact_type in seen or fact_type not in gatherers:
            continue
        seen.add(fact_type)
        reads = declared(gatherers[fact_type], options)
        if reads is None:
            raise LookupError(f"the gatherer of {fact_type.__name__} declares no reads")
        union |= reads
        for need in reads.needs:
            todo += [t for t in gatherers if t is need or need in t.__mro__[1:]]
    return union


def rule_reads(
    rules: Iterable[TakesFacts],
    options: AuditOptions | None = None,
    gatherers: Mapping[type, Gatherer] | None = None,
) -> Reads:
    """What gathering the facts of these rules reads (`declared_reads` of every fact type they take)."""
    return declared_reads({t: None for r in rules for t in r.fact_types()}, options, gatherers)
