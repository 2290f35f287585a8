"""Catalog consistency: explicit registries are complete, and every rule's metadata is well formed."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re

import garrison.facts
import garrison.rules
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import NeedsFacts
from garrison.model import Severity
from garrison.rules.registry import RULE_ID_PATTERN, RULE_PACKAGES, Rule, load_rules, rule_modules, rules_in


def all_modules(package: object) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    return [m.name for m in pkgutil.walk_packages(path, prefix)]


def test_every_rule_module_is_listed_and_every_listed_module_has_rules() -> None:
    listed = set(rule_modules())
    defining = {name for name in all_modules(garrison.rules) if rules_in(name)}
    assert defining <= listed, f"modules defining rules but missing from MODULES: {sorted(defining - listed)}"
    empty = sorted(name for name in listed if not rules_in(name))
    assert not empty, f"listed modules without rules: {empty}"
    packages = {name.rsplit(".", 1)[0] for name in listed}
    assert packages <= set(RULE_PACKAGES)


def test_every_gatherer_is_registered() -> None:
    registered = set()
    for gatherer in default_gatherers().values():
        registered.add(gatherer.gather if isinstance(gatherer, NeedsFacts) else gatherer)
    registered_names = {(getattr(g, "__module__", ""), getattr(g, "__name__", "")) for g in registered}
    partials = [g.func for g in registered if isinstance(g, functools.partial)]
    registered_names |= {(f.__module__, f.__name__) for f in partials}
    missing = []
    for name in all_modules(garrison.facts):
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            is_gatherer = attr.startswith("gather_") and inspect.isfunction(value)
            if is_gatherer and value.__module__ == name and (name, attr) not in registered_names:
                missing.append(f"{name}.{attr}")
    assert not missing, f"gatherers not reachable from garrison.facts.catalog: {missing}"


def test_rule_metadata_is_complete() -> None:
    rules = load_rules()
    assert len(rules) >= 90
    for item in rules:
        assert RULE_ID_PATTERN.match(item.id), item.id
        assert isinstance(item.severity, Severity)
        assert item.title and item.title[0].isupper() and not item.title.endswith("."), item.id
        assert len(item.rationale) >= 30, f"{item.id}: rationale too thin"
        assert item.remediation, item.id
        expected_name = re.sub(r"[^a-z0-9]+", "_", item.id.rsplit(".", 1)[1])
        assert item.check.__name__ == expected_name, f"{item.id}: function should be named {expected_name}"
        assert item.fact_types(), f"{item.id} takes no facts: a rule must judge something"
        assert isinstance(item, Rule)


def test_titles_are_unique() -> None:
    titles = [r.title for r in load_rules()]
    duplicated = sorted({t for t in titles if titles.count(t) > 1})
    assert not duplicated, duplicated


def test_every_rule_states_its_problem_as_a_finding() -> None:
    """A FAIL line shows `problem`, so it must say what is wrong, not repeat the desired state."""
    for item in load_rules():
        problem = item.problem
        assert problem.strip(), f"{item.id}: no problem statement"
        assert problem == problem.strip() and not problem.endswith("."), f"{item.id}: {problem!r}"
        assert problem.casefold() != item.title.casefold(), f"{item.id}: problem repeats the title"
        assert len(problem) <= 100, f"{item.id}: problem too long for a report line"


def test_problems_are_unique() -> None:
    problems = [r.problem for r in load_rules()]
    duplicated = sorted({p for p in problems if problems.count(p) > 1})
    assert not duplicated, duplicated
