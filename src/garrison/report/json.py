"""The JSON report, schema version 1 (`garrison/data/schema/report-v1.json`, validated in tests).

Shape: schema_version, tool {name, version, catalog_version}, target {name, live, kind, hostname,
machine_id, os {id, version, name}, root, capabilities}, run {options {only, skip, fail_on, time_budget,
paths}, config, waivers [{rule, reason, expires, hides}]}, score (null when nothing was decided), summary
{rules, by_status, failed_by_severity, domains {<domain>: {rules, applicable, failed}}, incomplete,
undecided}, warnings [..], findings [{rule_id, status, severity, title, problem, message, evidence [{path,
line, actual, expected, role, setting {dialect, path, key, scope}, subject, wanted {relation,
values}}], rationale, remediation, tags, references, waiver_reason, expired_waiver}],
metadata {run_id, started, finished, duration_seconds}. Only `metadata` varies between two runs over the
same target.

Strings are always valid Unicode: a byte of a file name or config value that is not UTF-8 is written as
`\\xNN` (as in the text report), so the document encodes as UTF-8 whatever the target holds.
"""

from __future__ import annotations

import json
from typing import Any

from garrison.model import Evidence, ExpiredWaiver, Finding
from garrison.report.escape import valid_text
from garrison.report.model import Report, RunInfo
from garrison.report.registry import RenderOptions
from garrison.targets.base import Capability

SCHEMA_VERSION = "1.3"


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
    setting = item.setting
    return {
        "path": item.path,
        "line": item.line,
        "actual": item.actual,
        "expected": item.expected,
        "role": None if item.role is None else item.role.value,
        "setting": None
        if setting is None
        else {
            "dialect": setting.dialect.value,
            "path": setting.path,
            "key": setting.key,
            "scope": setting.scope,
        },
        "subject": item.subject,
        "wanted": None
        if item.wanted is None
        else {"relation": item.wanted.relation.value, "values": list(item.wanted.values)},
    }


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
        "references": list(finding.references),
        "waiver_reason": finding.waiver_reason,
        "expired_waiver": expired_waiver_dict(finding.expired_waiver),
    }


def target_dict(run: RunInfo) -> dict[str, Any]:
    who = run.target
    return {
        "name": who.name,
        "live": Capability.RUNNING_SYSTEM in run.capabilities,
        "kind": who.kind.value,
        "hostname": who.hostname,
        "machine_id": who.machine_id,
        "os": {"id": who.os_id, "version": who.os_version, "name": who.os_name},
        "root": who.root,
        "capabilities": [c.value for c in run.capabilities],
    }


def run_dict(run: RunInfo) -> dict[str, Any]:
    asked = run.context
    return {
        "options": {
            "only": list(asked.only),
            "skip": list(asked.skip),
            "fail_on": asked.fail_on.value,
            "time_budget": asked.time_budget,
            "paths": list(asked.search_paths),
        },
        "config": asked.config_source,
        "waivers": [
            {"rule": w.rule, "reason": w.reason, "expires": w.expires, "hides": list(w.hides)}
            for w in run.waivers
        ],
    }


def report_dict(report: Report) -> dict[str, Any]:
    summary, run = report.summary, report.run
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "garrison", "version": run.garrison_version, "catalog_version": run.catalog_version},
        "target": target_dict(run),
        "run": run_dict(run),
        "score": report.score,
        "summary": {
            "rules": summary.rules,
            "by_status": dict(summary.by_status),
            "failed_by_severity": dict(summary.failed_by_severity),
            "domains": {k: dict(v) for k, v in summary.domains.items()},
            "incomplete": summary.completeness.incomplete,
            "undecided": summary.completeness.undecided,
        },
        "warnings": list(report.notes),
        "findings": [finding_dict(f) for f in report.findings],
        "metadata": {
            "run_id": run.run_id,
            "started": run.started.isoformat(timespec="seconds"),
            "finished": run.finished.isoformat(timespec="seconds"),
            "duration_seconds": round(run.duration, 4),
        },
    }
    return dict(_valid(document))


def render(report: Report, options: RenderOptions | None = None) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
