"""Full-root audits: the golden JSON report, its schema, the text report, no secrets, no writes."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from casekit import prepare_target
from garrison.engine import AuditResult, run_audit
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from reportkit import as_json, as_text

HERE = Path(__file__).resolve().parent
FULLROOT = HERE / "fullroot" / "root"
#: Fixture hosts with golden reports: a half-hardened Debian host, and the same host with every service
#: pack's subject present (nginx, ejabberd, Prosody, PostgreSQL, compose, kamailio, units, certificates).
ROOTS = ("fullroot", "services")
SCHEMA = HERE.parents[1] / "src" / "garrison" / "data" / "schema" / "report-v1.json"
#: Secrets planted in the fixture roots: shadow hashes, an inline compose secret, ejabberd's SQL password,
#: Prosody's component secret, and the MTProto proxy secret of the services root's .env.
PLANTED_SECRETS = (
    "PLANTEDSECRET",
    "md5secrethashvalue",
    "sha512secrethashvalue",
    "PLANTED$",
    "8a1f6c03d94be27f51c0a9e6b3d4875f",
)
TODAY = date(2026, 11, 24)


def audit(root: Path, name: str = "fullroot") -> AuditResult:
    return run_audit(RootDirTarget(str(root), name=name), load_rules(), today=TODAY)


def prepared_root(scratch: Path, name: str = "fullroot") -> Path:
    """A copy of a fixture root with the modes and owners git cannot keep."""
    target = prepare_target(HERE / name, scratch)
    return Path(target.root)


def normalised(report: dict[str, Any]) -> dict[str, Any]:
    report = dict(report)
    report["metadata"] = {
        "run_id": "<normalised>",
        "started": "<normalised>",
        "finished": "<n>",
        "duration_seconds": 0,
    }
    report["tool"] = {**report["tool"], "version": "<normalised>", "catalog_version": "<normalised>"}
    # the copy's path, and whether the test runs as root, vary between machines
    unprivileged = [c for c in report["target"]["capabilities"] if c != "privileged"]
    report["target"] = {**report["target"], "root": "<normalised>", "capabilities": unprivileged}
    return report


@pytest.fixture(scope="module", params=ROOTS)
def result(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    name = request.param
    return audit(prepared_root(tmp_path_factory.mktemp(name), name), name)


def test_golden_json(result: AuditResult, update_golden: bool) -> None:
    got = normalised(as_json(result))
    golden = HERE / "golden" / f"{result.target}.json"
    if update_golden or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
        if not update_golden:
            pytest.fail("golden file was missing and has been written; review and commit it")
    assert got == json.loads(golden.read_text()), (
        "report changed: rerun with --update-golden and review the diff"
    )


def test_report_validates_against_the_shipped_schema(result: AuditResult) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    report = as_json(result)
    jsonschema.validate(report, schema)
    assert report["findings"], "a full root must produce findings"
    for finding in report["findings"]:
        for item in finding["evidence"]:
            assert item["path"] is None or not item["path"].startswith(str(FULLROOT)), item


def test_every_failure_carries_evidence(result: AuditResult) -> None:
    bare = [f.rule_id for f in result.findings if f.status == "fail" and not f.evidence]
    assert not bare, f"failures without evidence: {bare}"


def test_no_planted_secret_reaches_any_report(result: AuditResult) -> None:
    rendered = json.dumps(as_json(result))
    text = as_text(result, show_passed=True)
    for secret in PLANTED_SECRETS:
        assert secret not in rendered
        assert secret not in text


def test_text_report_shows_score_first_and_fixes(result: AuditResult) -> None:
    lines = as_text(result).splitlines()
    assert lines[0] == f"Garrison audit of {result.target} (offline)"
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


@pytest.mark.parametrize("name", ROOTS)
def test_audit_changes_no_byte_of_the_target(tmp_path: Path, name: str) -> None:
    copy = prepared_root(tmp_path, name)
    before = snapshot(copy)
    audit(copy, name)
    assert snapshot(copy) == before
