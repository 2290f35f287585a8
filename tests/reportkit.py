"""Render an audit result in tests the way the CLI does: report model first, then a renderer by name."""

from __future__ import annotations

from typing import Any

from garrison.engine import AuditResult
from garrison.report.json import report_dict
from garrison.report.model import build_report
from garrison.report.registry import RenderOptions, renderer


def as_json(result: AuditResult) -> dict[str, Any]:
    return report_dict(build_report(result))


def as_text(result: AuditResult, *, show_passed: bool = False) -> str:
    return renderer("text")(build_report(result), RenderOptions(show_passed=show_passed))


def as_json_text(result: AuditResult) -> str:
    return renderer("json")(build_report(result), RenderOptions())
