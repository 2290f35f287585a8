"""The report model: everything a renderer shows, built once from an audit result.

Score, summaries and completeness are computed here (through `garrison.score`) and nowhere else; renderers
only format a `Report`. The run's metadata says what was asked and of whom: a run id, start and end times,
Garrison's and the rule catalog's versions, the target's identity and capabilities, the selection and
options, the config file and the waivers that were applied.

    report = build_report(result, RunContext(only=("ssh.*",), fail_on=Severity.HIGH))
    text = renderer("text")(report, RenderOptions(color=False))
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

from garrison import __version__
from garrison.budget import DEFAULT_SECONDS
from garrison.engine import AuditResult
from garrison.model import Finding, Severity, Status
from garrison.score import (
    Completeness,
    completeness,
    domain_summary,
    failed_by_severity,
    hardening_index,
    status_counts,
)
from garrison.targets.base import Capability
from garrison.targets.identity import TargetIdentity
from garrison.waivers import Waiver


@dataclass(frozen=True, slots=True)
class RunContext:
    """What the caller asked for; the engine's result does not know it."""

    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    fail_on: Severity = Severity.LOW
    time_budget: float | None = DEFAULT_SECONDS
    search_paths: tuple[str, ...] = ()
    config_source: str | None = None
    waivers: tuple[Waiver, ...] = ()


@dataclass(frozen=True, slots=True)
class AppliedWaiver:
    rule: str
    reason: str
    expires: str | None  # ISO date
    hides: tuple[str, ...]  # the rule ids it turned from fail into waived


@dataclass(frozen=True, slots=True)
class RunInfo:
    run_id: str
    started: datetime
    finished: datetime
    garrison_version: str
    catalog_version: str
    target: TargetIdentity
    capabilities: tuple[Capability, ...]
    context: RunContext
    waivers: tuple[AppliedWaiver, ...]

    @property
    def duration(self) -> float:
        return (self.finished - self.started).total_seconds()


@dataclass(frozen=True, slots=True)
class Summary:
    rules: int
    by_status: Mapping[str, int]
    failed_by_severity: Mapping[str, int]
    domains: Mapping[str, Mapping[str, int]]
    completeness: Completeness


@dataclass(frozen=True, slots=True)
class Report:
    run: RunInfo
    score: int | None  # None: nothing decided
    summary: Summary
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def live(self) -> bool:
        return Capability.RUNNING_SYSTEM in self.run.capabilities

    @property
    def target_name(self) -> str:
        return self.run.target.name


@cache
def catalog_version() -> str:
    """A short digest of the rule catalog (ids, severities, titles): two runs with the same value judged by
    the same rules."""
    from garrison.rules.index import indexed_rules  # the index equals the rules (tested): none is imported

    digest = hashlib.sha256()
    for item in indexed_rules():
        digest.update(f"{item.id}\0{item.severity.value}\0{item.title}\n".encode())
    return digest.hexdigest()[:12]


def _applied(waivers: Sequence[Waiver], findings: Sequence[Finding]) -> tuple[AppliedWaiver, ...]:
    out = []
    for waiver in waivers:
        hides = tuple(f.rule_id for f in findings if f.status is Status.WAIVED and waiver.matches(f.rule_id))
        expires = waiver.expires.isoformat() if waiver.expires is not None else None
        out.append(AppliedWaiver(waiver.rule, waiver.reason, expires, hides))
    return tuple(out)


def build_report(result: AuditResult, context: RunContext | None = None) -> Report:
    context = context or RunContext()
    findings = result.findings
    started = datetime.fromtimestamp(result.started, UTC)
    finished = datetime.fromtimestamp(result.started + result.duration, UTC)
    run = RunInfo(
        run_id=uuid.uuid4().hex,
        started=started,
        finished=finished,
        garrison_version=__version__,
        catalog_version=catalog_version(),
        target=result.identity,
        capabilities=tuple(sorted(result.capabilities)),
        context=context,
        waivers=_applied(context.waivers, findings),
    )
    summary = Summary(
        rules=len(findings),
        by_status=status_counts(findings),
        failed_by_severity=failed_by_severity(findings),
        domains=domain_summary(findings),
        completeness=completeness(findings),
    )
    return Report(run, hardening_index(findings), summary, findings, result.notes)
