"""The rule index: every rule's metadata as data (src/garrison/data/rule_index.json), so an audit can name
the rules of an absent subject without importing them.

An audit asks each gated fact provider (`facts.catalog.SUBJECT_GATES`) whether its subject is on the target;
the rule packages that declare that provider as their `SUBJECT` are then not imported: their rules come
from this index as stand-ins that are `not_applicable` with the provider's reason, the same outcome their
first fact would have given (a test checks each of them takes that fact first). The index is generated
(`python scripts/rule_index.py`) and a test keeps it equal to the rules themselves.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from garrison.model import Outcome, Severity, not_applicable
from garrison.rules.registry import RULE_PACKAGES, Rule, load_rules, rules_in

INDEX_FILE = ("data", "rule_index.json")


@dataclass(frozen=True, slots=True)
class IndexedRule:
    """A rule's metadata and the module that defines it."""

    id: str
    title: str
    problem: str
    severity: Severity
    rationale: str
    remediation: str
    tags: tuple[str, ...]
    references: tuple[str, ...]
    module: str

    def stand_in(self, reason: str) -> Rule:
        """The rule as a catalog entry whose check takes no facts and is not applicable for `reason`."""

        def absent() -> Outcome:
            return not_applicable(reason)

        return Rule(
            id=self.id,
            title=self.title,
            severity=self.severity,
            rationale=self.rationale,
            remediation=self.remediation,
            check=absent,
            tags=self.tags,
            references=self.references,
            problem=self.problem,
        )


def index_entries(rules: Iterable[Rule]) -> list[dict[str, object]]:
    """The index file's records for `rules` (what scripts/rule_index.py writes), in id order."""
    return [
        {
            "id": r.id,
            "title": r.title,
            "problem": r.problem,
            "severity": r.severity.value,
            "rationale": r.rationale,
            "remediation": r.remediation,
            "tags": list(r.tags),
            "references": list(r.references),
            "module": r.check.__module__,
        }
        for r in sorted(rules, key=lambda r: r.id)
    ]


@cache
def indexed_rules() -> tuple[IndexedRule, ...]:
    text = resources.files("garrison").joinpath(*INDEX_FILE).read_text(encoding="utf-8")
    return tuple(
        IndexedRule(
            id=item["id"],
            title=item["title"],
            problem=item["problem"],
            severity=Severity(item["severity"]),
            rationale=item["rationale"],
            remediation=item["remediation"],
            tags=tuple(item["tags"]),
            references=tuple(item["references"]),
            module=item["module"],
        )
        for item in json.loads(text)
    )


def catalog_for(absent: Mapping[str, str]) -> tuple[Rule, ...]:
    """The catalog an audit runs, sorted by id: the rule packages whose `SUBJECT` provider is in `absent`
    (provider -> why its subject is not on the target) are not imported; their rules are stand-ins."""
    if not absent:
        return load_rules()
    gated: dict[str, str] = {}
    for package in RULE_PACKAGES:
        subject: str | None = getattr(importlib.import_module(package), "SUBJECT", None)
        if subject is not None and subject in absent:
            gated[package] = absent[subject]
    found = {
        item.id: item
        for package in RULE_PACKAGES
        if package not in gated
        for module in importlib.import_module(package).MODULES
        for item in rules_in(module)
    }
    for entry in indexed_rules():
        package = entry.module.rpartition(".")[0]
        if package in gated:
            found[entry.id] = entry.stand_in(gated[package])
    return tuple(found[key] for key in sorted(found))
