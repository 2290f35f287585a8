"""Parse ejabberd.yml text into a located `Node` tree with ruamel.yaml's round-trip loader.

`parse_ejabberd_yaml(text, path) -> (Node | None, issues)` is pure and never raises: a YAML syntax error
becomes a `ParseIssue` at its line and a None tree. Line numbers are 1-based.

    Node(MAP, Location(path, 1), keys=("hosts", "listen"), items=(Node(SEQ, ...), Node(SEQ, ...)))
"""

from __future__ import annotations

from typing import Any

from garrison.facts.ejabberd.model import Kind, Node
from garrison.facts.yamlsafety import NodeBudget, YamlTooLarge, redact_yaml_problem
from garrison.model import Location, ParseIssue

_MAX_DEPTH = 64


def parse_ejabberd_yaml(text: str, path: str) -> tuple[Node | None, tuple[ParseIssue, ...]]:
    try:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import MarkedYAMLError

        yaml = YAML(typ="rt", pure=True)
        yaml.preserve_quotes = True
        yaml.allow_duplicate_keys = True
        try:
            data = yaml.load(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = None if mark is None else mark.line + 1
            problem = redact_yaml_problem(exc.problem or exc.context or "invalid YAML")
            return None, (ParseIssue(Location(path, line), f"YAML syntax error: {problem}"),)
        if data is None:
            return Node(Kind.MAP, Location(path, 1)), ()
        return _convert(data, Location(path, 1), path, 0, NodeBudget()), ()
    except YamlTooLarge as exc:
        return None, (ParseIssue(Location(path, None), str(exc)),)
    except RecursionError:
        return None, (ParseIssue(Location(path, None), "YAML nests too deeply"),)
    except Exception as exc:  # any other loader failure (bad tags, odd scalars) is an issue, not a crash
        return None, (
            ParseIssue(
                Location(path, None),
                redact_yaml_problem(f"cannot load YAML: {type(exc).__name__}: {exc}".splitlines()[0])[:300],
            ),
        )


def _convert(data: Any, where: Location, path: str, depth: int, budget: NodeBudget) -> Node:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import ScalarString, SingleQuotedScalarString

    budget.charge()
    if depth > _MAX_DEPTH:
        return Node(Kind.SCALAR, where, None)
    template = _unquoted_template(data)
    if template is not None:
        return Node(Kind.SCALAR, where, template)
    if isinstance(data, dict):
        keys: list[str] = []
        items: list[Node] = []
        for key, value in data.items():
            line = where.line
            if isinstance(data, CommentedMap):
                try:
                    line = data.lc.key(key)[0] + 1
                except (KeyError, TypeError, AttributeError):
                    line = where.line
            keys.append(_key_text(key))
            items.append(_convert(value, Location(path, line), path, depth + 1, budget))
        return Node(Kind.MAP, where, keys=tuple(keys), items=tuple(items))
    if isinstance(data, list | tuple):
        seq: list[Node] = []
        for index, value in enumerate(data):
            line = where.line
            if isinstance(data, CommentedSeq):
                try:
                    line = data.lc.item(index)[0] + 1
                except (KeyError, TypeError, AttributeError, IndexError):
                    line = where.line
            seq.append(_convert(value, Location(path, line), path, depth + 1, budget))
        return Node(Kind.SEQ, where, items=tuple(seq))
    if isinstance(data, bool):
        return Node(Kind.SCALAR, where, bool(data))
    if isinstance(data, int):
        return Node(Kind.SCALAR, where, int(data))
    if isinstance(data, float):
        return Node(Kind.SCALAR, where, float(data))
    if data is None:
        return Node(Kind.SCALAR, where, None)
    string = isinstance(data, ScalarString) and not isinstance(data, SingleQuotedScalarString)
    return Node(Kind.SCALAR, where, str(data), quoted=string)


def _unquoted_template(data: Any) -> str | None:
    """An unquoted Jinja placeholder `{{ name }}` loads as {{name: None}: None}; give back its text."""
    if not isinstance(data, dict) or len(data) != 1:
        return None
    key, value = next(iter(data.items()))
    if value is not None or not hasattr(key, "items") or len(key) != 1:
        return None
    name, inner = next(iter(key.items()))
    return f"{{{{ {name} }}}}" if inner is None and isinstance(name, str) else None


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)
