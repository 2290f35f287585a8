"""An audit frees what it gathered when its result is dropped: no reference cycle (a remembered failure's
traceback, a closure over the store) keeps the fact store — and through it every fact — alive until a full
collection, which, after the audit's facts were set aside from the collector, may come many audits later (a
fleet run would grow by the size of each host's facts). Third-party parse trees with parent links (ANTLR's,
under luaparser) are cycles of their own and do not hold the store."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.facts.store import FactStore
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

REPORTS = Path(__file__).resolve().parents[1] / "reports"


@pytest.mark.parametrize("name", ["fullroot", "services"])
def test_no_cycle_keeps_the_fact_store_alive(name: str) -> None:
    rules = load_rules()
    root = str(REPORTS / name / "root")
    run_audit(RootDirTarget(root), rules)  # imports and module-level caches settle first
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        run_audit(RootDirTarget(root), rules)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        stores = sum(isinstance(item, FactStore) for item in gc.garbage)
        facts = sum(type(item).__module__.startswith("garrison.facts.") for item in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert stores == 0, "a reference cycle kept the audit's fact store alive"
    assert facts < 100, f"{facts} fact objects were only reachable through reference cycles"
