"""No secret reaches an outcome: every tls.* and nginx.* case holding one is audited, and its message and
evidence must hold neither the case's `secret_absent` string (expected.toml) nor a line of a private key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casekit import all_cases, load_expected, prepare_target
from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.rules.registry import find_rule

_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----\n(.*?)-----END", re.DOTALL)


def _secrets(case_dir: Path) -> list[str]:
    spec = load_expected(case_dir)
    found = [spec["secret_absent"]] if "secret_absent" in spec else []
    root = case_dir / "root"
    for path in root.rglob("*") if root.exists() else ():
        if path.is_file() and not path.is_symlink():
            text = path.read_bytes().decode("utf-8", "replace")
            found += [line for body in _KEY.findall(text) for line in body.splitlines() if len(line) > 20]
    return found


CASES = [(r, c, s) for r, c in all_cases() if r.split(".", 1)[0] in ("tls", "nginx") if (s := _secrets(c))]


@pytest.mark.parametrize(
    ("rule_id", "case_dir", "secrets"), CASES, ids=[f"{r}/{c.name}" for r, c, _s in CASES]
)
def test_outcome_holds_no_secret(rule_id: str, case_dir: Path, secrets: list[str], tmp_path: Path) -> None:
    item = find_rule(rule_id)
    assert item is not None
    outcome = evaluate(item, FactStore(prepare_target(case_dir, tmp_path), default_gatherers()))
    text = outcome.message + " ".join(f"{e.location} {e.actual} {e.expected}" for e in outcome.evidence)
    for secret in secrets:
        assert secret not in text, f"{secret[:12]}... leaked: {outcome.message}"


def test_planted_secret_cases_exist() -> None:
    assert any("secret_absent" in load_expected(c) for _r, c, _s in CASES)
