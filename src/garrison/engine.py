"""Run a selection of rules against a target: fetch facts, evaluate, apply waivers, keep going on failure."""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from garrison.budget import DEFAULT_SECONDS, BudgetExceeded, alarm_handler, time_budget
from garrison.facts.gcpause import facts_set_aside
from garrison.facts.notes import noted
from garrison.facts.store import FactError, FactStore, Gatherer, LiveStateUnavailable, SubjectAbsent
from garrison.model import (
    Evidence,
    ExpiredWaiver,
    Finding,
    Outcome,
    Status,
    errored,
    not_applicable,
    unknown,
)
from garrison.rules.registry import Rule
from garrison.targets.base import Capability, Target
from garrison.targets.identity import TargetIdentity
from garrison.waivers import Waiver, expired_waiver, match_waiver


@dataclass(frozen=True, slots=True)
class AuditResult:
    """What an audit found, and of whom; `garrison.report.model.build_report` turns it into a report."""

    identity: TargetIdentity
    capabilities: frozenset[Capability]
    findings: tuple[Finding, ...]
    started: float  # epoch seconds
    duration: float
    #: Warnings about the run itself (a waiver that matches no rule, an expired waiver...), shown in reports.
    notes: tuple[str, ...] = ()

    @property
    def target(self) -> str:
        return self.identity.name

    @property
    def live(self) -> bool:
        return Capability.RUNNING_SYSTEM in self.capabilities


def select_rules(rules: Sequence[Rule], only: Sequence[str] = (), skip: Sequence[str] = ()) -> list[Rule]:
    """Rules whose id matches any `only` glob (all when empty) and no `skip` glob."""
    chosen = [r for r in rules if not only or any(fnmatch.fnmatchcase(r.id, g) for g in only)]
    return [r for r in chosen if not any(fnmatch.fnmatchcase(r.id, g) for g in skip)]


def evaluate(item: Rule, store: FactStore) -> Outcome:
    """One rule's outcome. Missing facts become n/a, error or unknown; a crashing rule, or one that runs past
    the store's time budget, becomes error; a verdict from facts with notes (`facts.notes`) carries them."""
    facts: list[object] = []
    for fact_type in item.fact_types():
        try:
            facts.append(store.get(fact_type))
        except SubjectAbsent as exc:
            return not_applicable(exc.message)
        except LiveStateUnavailable as exc:
            return unknown(exc.message)
        except FactError as exc:
            where = () if exc.location is None else (Evidence(exc.location, None),)
            return errored(str(exc), *where)
        except LookupError as exc:  # a rule asking for a fact nobody gathers: a catalog bug, not a crash
            return errored(f"internal error in rule {item.id}: {exc}")
    try:
        with time_budget(store.budget):
            return noted(item(*facts), facts)
    except BudgetExceeded as exc:
        return errored(f"{exc} judging the facts (the time budget)")
    except Exception as exc:  # a rule bug must not sink the audit: record it as this rule's error
        return errored(f"internal error in rule {item.id}: {exc!r}")


def to_finding(
    item: Rule, outcome: Outcome, waiver: Waiver | None = None, expired: Waiver | None = None
) -> Finding:
    """The rule's finding. A waiver hides only a `fail`: an `error` or `unknown` means the rule could not
    look, and no accepted risk covers that. An expired waiver is recorded beside the failure it no longer
    hides."""
    status = outcome.status
    reason = None
    if waiver is not None and status is Status.FAIL:
        status, reason = Status.WAIVED, waiver.reason
    lapsed = None
    if expired is not None and expired.expires is not None and status is Status.FAIL:
        lapsed = ExpiredWaiver(expired.rule, expired.reason, expired.expires)
    return Finding(
        rule_id=item.id,
        title=item.title,
        severity=item.severity,
        status=status,
        message=outcome.message,
        evidence=outcome.evidence,
        rationale=item.rationale,
        remediation=item.remediation,
        tags=item.tags,
        waiver_reason=reason,
        problem=item.problem,
        expired_waiver=lapsed,
        references=item.references,
    )


def sort_key(finding: Finding) -> tuple[int, int, str]:
    """Failures first, then by severity (most severe first), then by rule id."""
    order = {Status.FAIL: 0, Status.ERROR: 1, Status.UNKNOWN: 2, Status.WAIVED: 3, Status.PASS: 4}
    return (order.get(finding.status, 5), -finding.severity.rank, finding.rule_id)


def run_audit(
    target: Target,
    rules: Sequence[Rule],
    *,
    gatherers: Mapping[type, Gatherer] | None = None,
    waivers: Sequence[Waiver] = (),
    today: date | None = None,
    budget: float | None = DEFAULT_SECONDS,
) -> AuditResult:
    """Evaluate `rules` on `target`. `budget` bounds, in seconds, each fact gathering and each rule (None or
    0: unbounded); one that runs longer ends in `error` and the audit goes on."""
    if gatherers is None:
        from garrison.facts.catalog import default_gatherers

        gatherers = default_gatherers()
    started = time.time()
    clock = time.perf_counter()
    store = FactStore(target, gatherers, budget=budget)
    day = today or date.today()
    findings = []
    # large facts are not walked again by every full collection; one alarm handler serves every budget
    with facts_set_aside() as set_aside, alarm_handler():
        for item in rules:
            outcome = evaluate(item, store)
            set_aside()
            waiver = match_waiver(waivers, item.id, day)
            lapsed = None if waiver is not None else expired_waiver(waivers, item.id, day)
            findings.append(to_finding(item, outcome, waiver, lapsed))
    findings.sort(key=sort_key)
    return AuditResult(
        identity=target.identity(),
        capabilities=target.capabilities,
        findings=tuple(findings),
        started=started,
        duration=time.perf_counter() - clock,
    )
