"""The generic runner: every folder under tests/cases is one audit of one rule against a fixture root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casekit import all_cases, expected_status, load_expected, prepare_target
from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.rules.registry import find_rule, load_rules
from garrison.targets.local import READ_ONLY_PROGRAMS

CASES = all_cases()
#: Domains whose rules judge live state (firewall rulesets, listening sockets) on a live host.
LIVE_STATE_DOMAINS = ("firewall", "exposure", "sip")


@pytest.mark.parametrize(("rule_id", "case_dir"), CASES, ids=[f"{r}/{c.name}" for r, c in CASES])
def test_case(rule_id: str, case_dir: Path, tmp_path: Path) -> None:
    item = find_rule(rule_id)
    assert item is not None, f"tests/cases/{rule_id} names no registered rule"
    spec = load_expected(case_dir)
    target = prepare_target(case_dir, tmp_path)
    outcome = evaluate(item, FactStore(target, default_gatherers()))
    assert outcome.status == expected_status(case_dir), outcome.message
    root = str(target.root)
    for item in outcome.evidence:  # paths as seen on the target (or a live command's output), never the
        # fixture's real path
        path = item.path or "/"
        assert path.startswith("/") or path.split()[0] in READ_ONLY_PROGRAMS, item
        assert not path.startswith(root), item
        assert item.line is None or item.line >= 1, item
        if spec.get("live") and rule_id.split(".")[0] in LIVE_STATE_DOMAINS and path.startswith("/"):
            # live state is cited at the command that printed it, never at a file the host does not have
            assert os.path.lexists(os.path.join(root, path.lstrip("/"))), f"{item}: not on the target"
    assert root not in outcome.message, "the message names the fixture's real path, not the target's"
    cited = {str(e.location) for e in outcome.evidence if e.location is not None}
    for location in spec.get("evidence", []):
        assert location in cited, f"{location} not in evidence {sorted(cited)}: {outcome.message}"
    if "message" in spec:
        assert spec["message"] in outcome.message
    if outcome.status in ("fail", "error"):
        assert outcome.message


#: Rules whose only finding is `error` by design: a file the program refuses to load is reported as an error
#: at file:line (issue 9 item 3), and what it would merely ignore is another rule's `fail`. They need pass-
#: and error- cases instead.
REFUSAL_RULES = {
    "nginx.config-valid": "nginx -t refuses the file; unknown directives also fail nginx.directive-known",
    "prosody.config-loads": "Prosody does not start; unknown options it ignores fail prosody.unknown-options",
    "ejabberd.config-loads": "ejabberd does not start on a YAML or shape error",
    "ejabberd.unknown-options": "ejabberd refuses every option its release does not know",
}


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    kinds: dict[str, set[str]] = {}
    for rule_id, case_dir in CASES:
        kinds.setdefault(rule_id, set()).add(expected_status(case_dir))
    wanted = {r.id: {"pass", "error" if r.id in REFUSAL_RULES else "fail"} for r in load_rules()}
    missing = [rule_id for rule_id, needs in wanted.items() if not needs <= kinds.get(rule_id, set())]
    assert not missing, f"rules without both a pass-* and a fail-* (refusal rules: error-*) case: {missing}"
    assert REFUSAL_RULES.keys() <= wanted.keys(), "a refusal rule that is not registered"
    assert not any("fail" in kinds.get(rule_id, set()) for rule_id in REFUSAL_RULES), "it fails: not one"
