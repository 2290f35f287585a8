"""The JSON report, schema version 1 (`garrison/data/schema/report-v1.json`, validated in tests).

Shape: schema_version, tool {name, version}, target {name, live}, score (null when nothing was decided),
summary {rules, by_status, failed_by_severity, domains {<domain>: {rules, applicable, failed}}, incomplete,
undecided}, warnings [..], findings [{rule_id, status, severity, title, problem, message, evidence [{path,
line, actual, expected}], rationale, remediation, tags, waiver_reason, expired_waiver}], metadata {started,
duration_seconds}. Only `metadata` varies between two runs over the same target.

Strings are always valid Unicode: a byte of a file name or config value that is not UTF-8 is written as
`\\xNN` (as in the text report), so the document encodes as UTF-8 whatever the target holds.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from garrison import __version__
from garrison.engine import AuditResult
from garrison.model import Evidence, ExpiredWaiver, Finding
from garrison.report.escape import valid_text
from garrison.score import completeness, domain_summary, failed_by_severity, hardening_index, status_counts

SCHEMA_VERSION = "1.1"


def _valid(value: Any) -> Any:
    """Every string of a JSON-ready value made encodable (see `escape.valid_text`)."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, dict):
        return {valid_text(k): _valid(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid(v) for v in value]
    return value


def expired_waiver_dict(lapsed: ExpiredWaiver | None) -> dict[str, Any] | None:
    if lapsed is None:
        return None
    return {"rule": lapsed.rule, "reason": lapsed.reason, "expires": lapsed.expires.isoformat()}


def evidence_dict(item: Evidence) -> dict[str, Any]:
    return {"path": item.path, "line": item.line, "actual": item.actual, "expected": item.expected}


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "status": finding.status.value,
        "severity": finding.severity.value,
        "title": finding.title,
        "problem": finding.problem,
        "message": finding.message,
        "evidence": [evidence_dict(e) for e in finding.evidence],
        "rationale": finding.rationale,
        "remediation": finding.remediation,
        "tags": list(finding.tags),
        "waiver_reason": finding.waiver_reason,
        "expired_waiver": expired_waiver_dict(finding.expired_waiver),
    }


def report_dict(result: AuditResult) -> dict[str, Any]:
    findings = list(result.findings)
    judged = completeness(findings)
    report = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "garrison", "version": __version__},
        "target": {"name": result.target, "live": result.live},
        "score": hardening_index(findings),
        "summary": {
            "rules": len(findings),
            "by_status": dict(status_counts(findings)),
            "failed_by_severity": dict(failed_by_severity(findings)),
            "domains": {k: dict(v) for k, v in domain_summary(findings).items()},
            "incomplete": judged.incomplete,
            "undecided": judged.undecided,
        },
        "warnings": list(result.notes),
        "findings": [finding_dict(f) for f in findings],
        "metadata": {
            "started": datetime.fromtimestamp(result.started, UTC).isoformat(timespec="seconds"),
            "duration_seconds": round(result.duration, 4),
        },
    }
    return dict(_valid(report))


def render_json(result: AuditResult) -> str:
    return json.dumps(report_dict(result), indent=2, ensure_ascii=False) + "\n"
