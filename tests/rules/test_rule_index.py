"""The rule index and the subject gates: an audit that leaves an absent subject's pack and rules unloaded
gives the same findings as one that loads everything.

- the index (src/garrison/data/rule_index.json) equals the rules' own metadata;
- every rule of a gated package takes its SUBJECT's facts first, so a stand-in's not_applicable is what the
  rule would have said;
- over every case folder, a gate that calls a subject absent agrees with that provider's gatherer, word for
  word (and for docker and SIP the gatherer finds it absent only where the gate does);
- whole audits through the gates and without them give identical findings.
"""

from __future__ import annotations

import importlib
import json
from importlib import resources
from pathlib import Path

import pytest

from casekit import CASES_DIR
from garrison.engine import run_audit
from garrison.facts.catalog import SUBJECT_GATES, absent_subjects, default_gatherers
from garrison.facts.store import FactStore, SubjectAbsent
from garrison.options import AuditOptions
from garrison.report.model import catalog_version
from garrison.rules.index import INDEX_FILE, catalog_for, index_entries
from garrison.rules.registry import RULE_PACKAGES, load_rules
from garrison.targets.rootdir import RootDirTarget

HERE = Path(__file__).resolve().parent
#: The providers whose gatherer reports the subject absent exactly where the gate does (ejabberd's gate
#: leaves a root with only an ejabberdctl.cfg to its gatherer, PostgreSQL's one whose clusters are all
#: disabled).
EXACT = ("garrison.facts.docker", "garrison.facts.sip", "garrison.facts.prosody", "garrison.facts.nginx")


def test_index_is_current() -> None:
    text = resources.files("garrison").joinpath(*INDEX_FILE).read_text(encoding="utf-8")
    assert json.loads(text) == index_entries(load_rules()), "stale: run `python scripts/rule_index.py`"


def test_catalog_version_is_the_rules() -> None:
    """The report's catalog digest, computed from the index, is the one the loaded rules give."""
    import hashlib

    digest = hashlib.sha256()
    for item in load_rules():
        digest.update(f"{item.id}\0{item.severity.value}\0{item.title}\n".encode())
    assert catalog_version() == digest.hexdigest()[:12]


def _gated_packages() -> dict[str, str]:
    found = {}
    for package in RULE_PACKAGES:
        subject = getattr(importlib.import_module(package), "SUBJECT", None)
        if subject is not None:
            found[package] = subject
    return found


def test_every_gate_has_rule_packages_and_each_rule_takes_the_subject_first() -> None:
    gated = _gated_packages()
    assert sorted(set(gated.values())) == sorted(SUBJECT_GATES)
    for item in load_rules():
        subject = gated.get(item.check.__module__.rpartition(".")[0])
        if subject is None:
            continue
        provided = importlib.import_module(subject).gatherers(AuditOptions())
        first = item.fact_types()[0]
        assert first in provided, f"{item.id} takes {first.__name__} first, not {subject}'s facts"


def test_catalog_with_absent_subjects_has_every_rule_as_stand_ins() -> None:
    absent = {provider: f"{provider} is not here" for provider in SUBJECT_GATES}
    catalog = catalog_for(absent)
    assert [r.id for r in catalog] == [r.id for r in load_rules()]
    gated = _gated_packages()
    for item, real in zip(catalog, load_rules(), strict=True):
        subject = gated.get(real.check.__module__.rpartition(".")[0])
        assert (item.title, item.severity, item.problem, item.references) == (
            real.title,
            real.severity,
            real.problem,
            real.references,
        )
        if subject is not None:
            outcome = item()
            assert outcome.status == "not_applicable" and outcome.message == f"{subject} is not here"
        else:
            assert item is real


def _case_roots() -> list[Path]:
    return sorted(p for p in CASES_DIR.glob("*/*/root") if p.is_dir())


def test_gates_agree_with_the_gatherers_on_every_case_root() -> None:
    options = AuditOptions()
    gatherers = default_gatherers(options)
    for root in _case_roots():
        target = RootDirTarget(str(root))
        absent = absent_subjects(target, options)
        store = FactStore(target, gatherers)
        for provider in SUBJECT_GATES:
            fact_type = next(iter(importlib.import_module(provider).gatherers(options)))
            try:
                store.get(fact_type)
                said = None
            except SubjectAbsent as exc:
                said = exc.message
            except Exception:  # an error or unknown: present as far as the gate goes
                said = None
            if provider in absent:
                assert said == absent[provider], f"{root}: the {provider} gate and gatherer disagree"
            elif provider in EXACT:
                assert said is None, f"{root}: {provider}'s gatherer finds it absent, its gate does not"


@pytest.mark.parametrize(
    "root",
    [
        HERE.parent / "reports" / "fullroot" / "root",
        HERE.parent / "reports" / "services" / "root",
        *_case_roots()[::97],
    ],
    ids=lambda p: str(p.relative_to(HERE.parent)),
)
def test_gated_audit_gives_the_same_findings(root: Path) -> None:
    options = AuditOptions()
    target = RootDirTarget(str(root))
    absent = absent_subjects(target, options)
    gated = run_audit(target, catalog_for(absent), gatherers=default_gatherers(options, skip=absent))
    full = run_audit(RootDirTarget(str(root)), load_rules(), gatherers=default_gatherers(options))
    assert gated.findings == full.findings
