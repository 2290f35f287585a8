"""Full-root audits: the golden JSON report, its schema, the text report, no secrets, no writes."""

from __future__ import annotations

import hashlib
import io
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from casekit import prepare_target
from garrison.engine import AuditResult, run_audit
from garrison.report.json import report_dict
from garrison.report.text import render_text
from garrison.rules.registry import load_rules
from garrison.target.rootdir import RootDirTarget

HERE = Path(__file__).resolve().parent
FULLROOT = HERE / "fullroot" / "root"
GOLDEN = HERE / "golden" / "fullroot.json"
SCHEMA = HERE.parents[1] / "src" / "garrison" / "data" / "schema" / "report-v1.json"
PLANTED_SECRETS = ("PLANTEDSECRET", "md5secrethashvalue", "sha512secrethashvalue", "PLANTED$")
TODAY = date(2026, 11, 24)


def audit(root: Path) -> AuditResult:
    return run_audit(RootDirTarget(str(root), name="fullroot"), load_rules(), today=TODAY)


def prepared_root(scratch: Path) -> Path:
    """A copy of the full root with the modes and owners git cannot keep."""
    target = prepare_target(FULLROOT.parent, scratch)
    return Path(target.root)


def normalised(report: dict[str, Any]) -> dict[str, Any]:
    report = dict(report)
    report["metadata"] = {"started": "<normalised>", "duration_seconds": 0}
    report["tool"] = {**report["tool"], "version": "<normalised>"}
    return report


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    return audit(prepared_root(tmp_path_factory.mktemp("fullroot")))


def test_golden_json(result: AuditResult, update_golden: bool) -> None:
    got = normalised(report_dict(result))
    if update_golden or not GOLDEN.exists():
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
        if not update_golden:
            pytest.fail("golden file was missing and has been written; review and commit it")
    assert got == json.loads(GOLDEN.read_text()), (
        "report changed: rerun with --update-golden and review the diff"
    )


def test_report_validates_against_the_shipped_schema(result: AuditResult) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    report = report_dict(result)
    jsonschema.validate(report, schema)
    assert report["findings"], "a full root must produce findings"
    for finding in report["findings"]:
        for item in finding["evidence"]:
            assert item["path"] is None or not item["path"].startswith(str(FULLROOT)), item


def test_every_failure_carries_evidence(result: AuditResult) -> None:
    bare = [f.rule_id for f in result.findings if f.status == "fail" and not f.evidence]
    assert not bare, f"failures without evidence: {bare}"


def test_no_planted_secret_reaches_any_report(result: AuditResult) -> None:
    rendered = json.dumps(report_dict(result))
    text = io.StringIO()
    render_text(result, text, color=False, show_passed=True)
    for secret in PLANTED_SECRETS:
        assert secret not in rendered
        assert secret not in text.getvalue()


def test_text_report_shows_score_first_and_fixes(result: AuditResult) -> None:
    out = io.StringIO()
    render_text(result, out, color=False)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Garrison audit of fullroot (offline)"
    assert lines[1].startswith("Hardening index: ") and lines[1].endswith("/100")
    assert any(line.strip().startswith("fix: ") for line in lines)


def snapshot(root: Path) -> dict[str, tuple[Any, ...]]:
    state: dict[str, tuple[Any, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            digest = (
                hashlib.sha256(path.read_bytes()).hexdigest()
                if path.is_file() and not path.is_symlink()
                else ""
            )
            state[str(path.relative_to(root))] = (st.st_mode, st.st_uid, st.st_gid, st.st_mtime_ns, digest)
    return state


def test_audit_changes_no_byte_of_the_target(tmp_path: Path) -> None:
    copy = prepared_root(tmp_path)
    before = snapshot(copy)
    audit(copy)
    assert snapshot(copy) == before
