"""The hardening index: 0-100, weighted by severity over the rules that applied and were decided.

    index = 100 * sum(weight of passed rules) / sum(weight of passed + failed rules)

Weights come from `Severity.weight` (critical 10, high 6, medium 3, low 1, info 0). Rules that were not
applicable, errored, unknown or waived are left out of both sums, so an audit of a host without nginx is not
rewarded or punished for nginx. With nothing decided there is no index (None, shown as n/a): an audit
that could not look must never read as 100/100.

An audit is *incomplete* when a rule ended in `error` (a config could not be read or parsed), or when no
rule could be decided at all although some needed live state (`unknown` only): `completeness()` says so,
and `garrison audit` exits with its own status for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from garrison.model import Finding, Severity, Status


def hardening_index(findings: Iterable[Finding]) -> int | None:
    """The index, or None when no rule with a weight was decided."""
    earned = possible = 0
    for finding in findings:
        if finding.status not in (Status.PASS, Status.FAIL):
            continue
        possible += finding.severity.weight
        if finding.status is Status.PASS:
            earned += finding.severity.weight
    return None if possible == 0 else round(100 * earned / possible)


@dataclass(frozen=True, slots=True)
class Completeness:
    """How much of the audit could be judged: `decided` rules passed or failed; `errors` could not be read
    or parsed; `unknown` needed live state the target could not give."""

    decided: int
    errors: int
    unknown: int

    @property
    def undecided(self) -> int:
        return self.errors + self.unknown

    @property
    def incomplete(self) -> bool:
        """A rule errored, or nothing at all was decided although something needed looking at."""
        return self.errors > 0 or (self.decided == 0 and self.unknown > 0)


def completeness(findings: Iterable[Finding]) -> Completeness:
    counts = Counter(f.status for f in findings)
    return Completeness(
        decided=counts[Status.PASS] + counts[Status.FAIL],
        errors=counts[Status.ERROR],
        unknown=counts[Status.UNKNOWN],
    )


def status_counts(findings: Sequence[Finding]) -> Mapping[str, int]:
    counts = Counter(f.status.value for f in findings)
    return {status.value: counts.get(status.value, 0) for status in Status}


def failed_by_severity(findings: Sequence[Finding]) -> Mapping[str, int]:
    counts = Counter(f.severity.value for f in findings if f.status is Status.FAIL)
    return {severity.value: counts.get(severity.value, 0) for severity in Severity}


def worst_failure(findings: Iterable[Finding]) -> Severity | None:
    worst: Severity | None = None
    for finding in findings:
        if finding.status is Status.FAIL and (worst is None or finding.severity.rank > worst.rank):
            worst = finding.severity
    return worst


def domain_summary(findings: Sequence[Finding]) -> Mapping[str, Mapping[str, int]]:
    """Per rule domain: how many rules applied (not n/a) and how many failed. A domain whose rules were all
    not applicable is a subject absent from the host (no nginx, no ejabberd...)."""
    summary: dict[str, dict[str, int]] = {}
    for finding in findings:
        entry = summary.setdefault(finding.domain, {"rules": 0, "applicable": 0, "failed": 0})
        entry["rules"] += 1
        entry["applicable"] += finding.status is not Status.NOT_APPLICABLE
        entry["failed"] += finding.status is Status.FAIL
    return {domain: summary[domain] for domain in sorted(summary)}
