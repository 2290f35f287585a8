"""Closed vocabularies are enums, and no code compares one with a string literal (issue 8).

A rule that writes `outcome.status == "pass"` or `access.state == "unknown"` keeps working when someone
misspells the literal — it just never matches. Compared as enum members, a typo is an AttributeError the
first time the rule runs, and mypy sees it. The check: nowhere in src/garrison (facts and their parsers,
rules, the engine, the score, the report renderers) a comparison between a string literal and an attribute
named like a vocabulary (status, state, verdict, kind, ...), its `.value`, or a call named like one
(`address_scope(ip)`).
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "garrison"
#: Where statuses, severities and the facts' vocabularies are produced, judged or rendered: everywhere.
CHECKED = (SRC, SRC / "rules", SRC / "engine.py", SRC / "score.py", SRC / "report")
VOCABULARY_ATTRIBUTES = frozenset(
    {"status", "state", "verdict", "kind", "origin", "action", "family", "scope", "proto", "protocol"}
    | {"severity", "policy", "level", "transport"}
)


def _literals(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def _named(word: str) -> bool:
    return word in VOCABULARY_ATTRIBUTES or (word.endswith("s") and word[:-1] in VOCABULARY_ATTRIBUTES)


def _vocabulary(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute) and node.attr == "value":  # `outcome.status.value == "pass"`
        node = node.value
    if isinstance(node, ast.Attribute) and node.attr in VOCABULARY_ATTRIBUTES:
        return node.attr
    if isinstance(node, ast.Call):  # `address_scope(ip) == "loopback"`, `_scopes(cluster) <= {"loopback"}`
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if _named(name.rsplit("_", 1)[-1]):
            return name
    return None


def literal_comparisons(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for left, right in itertools.pairwise(operands):
            for attribute_side, literal_side in ((left, right), (right, left)):
                name = _vocabulary(attribute_side)
                if name is None and isinstance(attribute_side, ast.Tuple | ast.List):
                    name = next((n for e in attribute_side.elts if (n := _vocabulary(e))), None)
                if name is not None and _literals(literal_side):
                    found.append((node.lineno, ast.unparse(node)))
    return found


def _sources() -> list[Path]:
    return sorted({p for place in CHECKED for p in ([place] if place.is_file() else place.rglob("*.py"))})


def test_no_code_compares_a_vocabulary_with_a_string() -> None:
    bad = [
        f"{path.relative_to(SRC)}:{line}: {code}"
        for path in _sources()
        for line, code in literal_comparisons(path.read_text())
    ]
    assert not bad, "compare with the enum member instead:\n" + "\n".join(bad)


def test_the_check_finds_each_shape() -> None:
    assert literal_comparisons("x = outcome.status == 'pass'")
    assert literal_comparisons("x = 'unknown' in (v4.state, v6.state)")
    assert literal_comparisons("x = item.kind != 'scalar'")
    assert literal_comparisons("x = f.status in ('fail', 'error')")
    assert literal_comparisons("x = f.severity.value == 'high'")
    assert literal_comparisons("x = (a.state, b.state) == ('open', 'open')")
    assert literal_comparisons("x = 0 < e.level.kind == 'server'")
    assert literal_comparisons("x = address_scope(ip) != 'loopback'")
    assert literal_comparisons("x = _scopes(cluster) <= {'loopback'}")
    assert not literal_comparisons("x = outcome.status is Status.PASS")
    assert not literal_comparisons("x = value == 'no'")
    assert not literal_comparisons("x = item.name == 'authenticate'")
    assert not literal_comparisons("x = shown(value) == 'yes'")


def test_every_checked_place_exists() -> None:
    assert all(place.exists() for place in CHECKED)
    assert len(_sources()) > 200
