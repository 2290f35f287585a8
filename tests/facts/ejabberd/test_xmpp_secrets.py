"""No planted secret from an XMPP config reaches an outcome: every ejabberd and Prosody rule is run on each
case folder whose expected.toml names a `secret_absent` value, and its messages and evidence are searched."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import CASES_DIR, load_expected, prepare_target
from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.ejabberd import EjabberdFacts
from garrison.facts.prosody import ProsodyFacts
from garrison.facts.store import FactStore
from garrison.rules.registry import load_rules

PLANTED = sorted(
    (case, load_expected(case)["secret_absent"])
    for case in CASES_DIR.glob("*/*")
    if case.parent.name.startswith(("ejabberd.", "prosody.")) and "secret_absent" in load_expected(case)
)


def test_there_are_planted_secrets() -> None:
    assert len(PLANTED) >= 4


@pytest.mark.parametrize(("case", "secret"), PLANTED, ids=[f"{c.parent.name}/{c.name}" for c, _ in PLANTED])
def test_secret_absent_from_every_outcome(case: Path, secret: str, tmp_path: Path) -> None:
    assert secret in "".join(p.read_text() for p in (case / "root").rglob("*") if p.is_file())
    store = FactStore(prepare_target(case, tmp_path), default_gatherers())
    for item in load_rules():
        if item.domain not in ("ejabberd", "prosody"):
            continue
        outcome = evaluate(item, store)
        shown = [outcome.message] + [f"{e.location} {e.actual} {e.expected}" for e in outcome.evidence]
        assert not any(secret in text for text in shown), f"{item.id} leaks the planted secret"
    for fact_type in (EjabberdFacts, ProsodyFacts):
        facts = store.peek(fact_type)
        if facts is not None:
            assert secret not in repr(facts.listeners()) + repr(facts.tls_files())
