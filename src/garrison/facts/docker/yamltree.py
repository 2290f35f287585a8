"""Load YAML with ruamel's round-trip loader into a small tree that remembers 1-based lines.

Merge keys (`<<: *anchor`) are applied by ruamel; a merged key reports the line of the anchor's key. The
conversion is charged to a `NodeBudget` so alias bombs end as an issue, not as exhausted memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from garrison.facts.yamlsafety import (
    MAX_YAML_BYTES,
    TOO_LARGE_MESSAGE,
    NodeBudget,
    YamlTooLarge,
    redact_yaml_problem,
)
from garrison.model import Location, ParseIssue


@dataclass(slots=True)
class Node:
    """A YAML value: scalar (str/int/float/bool/None), list of Node, or dict str -> Node."""

    value: Any
    line: int


def _key_line(mapping: Any, key: Any, default: int) -> int:
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except Exception:  # a merged key: look it up in the merged maps
        for entry in getattr(mapping, "merge", None) or ():
            source = entry[1] if isinstance(entry, tuple) else entry
            if hasattr(source, "lc") and key in source:
                return _key_line(source, key, default)
    return default


def _convert(value: Any, line: int, budget: NodeBudget) -> Node:
    budget.charge()
    if isinstance(value, dict):
        base = line
        out: dict[str, Node] = {}
        for key, item in value.items():
            key_line = _key_line(value, key, base)
            out[str(key)] = _convert(item, key_line, budget)
        return Node(out, line)
    if isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            try:
                item_line = int(value.lc.item(index)[0]) + 1  # type: ignore[attr-defined]
            except Exception:
                item_line = line
            items.append(_convert(item, item_line, budget))
        return Node(items, line)
    if value is None or isinstance(value, bool | int | float):
        return Node(value, line)
    return Node(str(value), line)


def load_yaml(text: str, path: str) -> tuple[Node | None, ParseIssue | None]:
    """Parse YAML; (tree, None) or (None, issue with the line of the problem). Never raises."""
    from ruamel.yaml import YAML

    size = len(text.encode("utf-8", "surrogateescape"))
    if size > MAX_YAML_BYTES:
        message = f"YAML file too large to audit ({size} bytes, the limit is {MAX_YAML_BYTES})"
        return None, ParseIssue(Location(path, None), message)

    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel raises many kinds (scanner, parser, composer, duplicate keys, ...)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = int(mark.line) + 1 if mark is not None and getattr(mark, "line", None) is not None else None
        detail = str(exc).strip()
        problem = getattr(exc, "problem", None) or (detail.splitlines()[0] if detail else type(exc).__name__)
        problem = redact_yaml_problem(str(problem))
        return None, ParseIssue(Location(path, line), f"YAML syntax error: {problem}")
    try:
        return _convert(data, 1, NodeBudget()), None
    except (YamlTooLarge, RecursionError):
        return None, ParseIssue(Location(path, None), TOO_LARGE_MESSAGE)
