"""Evidence machines can use (issue 8): on every `fail` of the golden roots each piece of evidence says its
role, and evidence about a setting (the deciding one, or where an absent one belongs) names the setting as
(dialect, path, key, scope) — what fixes, SARIF fingerprints and the history key on."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import all_cases, prepare_target
from garrison.engine import evaluate, run_audit
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.model import Evidence, EvidenceRole, Status
from garrison.rules.registry import find_rule, load_rules
from garrison.targets.rootdir import RootDirTarget

HERE = Path(__file__).resolve().parent


def _flaws(rule_id: str, items: tuple[Evidence, ...]) -> list[str]:
    """What is missing from the evidence of one failure."""
    missing: list[str] = []
    for item in items:
        where = f"{rule_id} at {item.location}"
        if item.role is None:
            missing.append(f"{where}: no role")
        elif item.role in (EvidenceRole.SETTING, EvidenceRole.DEFAULT) and item.setting is None:
            missing.append(f"{where}: a {item.role.value} without a setting reference")
        elif (
            item.setting is not None and item.setting.path != item.path and item.role is not EvidenceRole.FILE
        ):
            missing.append(f"{where}: setting {item.setting} is not where the evidence points")
    return missing


@pytest.mark.parametrize("name", ["fullroot", "services"])
def test_every_failure_has_roles_and_setting_references(name: str, tmp_path: Path) -> None:
    root = prepare_target(HERE / name, tmp_path).root
    result = run_audit(RootDirTarget(root, name=name), load_rules())
    missing = [
        flaw
        for finding in result.findings
        if finding.status is Status.FAIL
        for flaw in _flaws(finding.rule_id, finding.evidence)
    ]
    assert not missing, "\n".join(missing)


def test_every_failing_case_has_roles_and_setting_references(tmp_path: Path) -> None:
    """The whole class: every case folder whose rule fails cites its evidence with roles and references."""
    missing: list[str] = []
    for index, (rule_id, case_dir) in enumerate(all_cases()):
        item = find_rule(rule_id)
        assert item is not None
        scratch = tmp_path / str(index)
        scratch.mkdir()
        target = prepare_target(case_dir, scratch)
        outcome = evaluate(item, FactStore(target, default_gatherers()))
        if outcome.status is Status.FAIL:
            missing += [f"{case_dir.name}: {flaw}" for flaw in _flaws(rule_id, outcome.evidence)]
    assert not missing, "\n".join(missing)
