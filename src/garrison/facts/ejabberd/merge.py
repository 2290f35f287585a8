"""How ejabberd combines its configuration: include_config_file entries and define_macro substitution.

Pure functions over the located YAML tree (`Node`). Included files add options: `listen` entries are
appended, map options (modules, acl, access_rules, ...) merge key by key, and the including file keeps its own
value of every other option. A macro replaces an atom scalar (plain or single-quoted) equal to its name.
"""

from __future__ import annotations

from garrison.facts.ejabberd import defaults
from garrison.facts.ejabberd.model import Kind, Node


def includes(node: Node) -> list[tuple[str, frozenset[str] | None, frozenset[str]]]:
    if node.kind == Kind.SCALAR and node.text:
        return [(node.text, None, frozenset())]
    if node.kind == Kind.SEQ:
        return [(t, None, frozenset()) for t in node.strings()]
    out = []
    for name, spec in node.pairs():
        allow = spec.get("allow_only")
        deny = spec.get("disallow")
        out.append(
            (
                name,
                None if allow is None else frozenset(allow.strings()),
                frozenset() if deny is None else frozenset(deny.strings()),
            )
        )
    return out


def merge_options(main: Node, extra: list[tuple[str, Node]]) -> Node:
    """Add an included file's options: `listen` appends, map options merge key by key, the including
    file keeps its own value for every other option."""
    keys, items = list(main.keys), list(main.items)
    for key, value in extra:
        if key not in keys:
            keys.append(key)
            items.append(value)
            continue
        index = len(keys) - 1 - keys[::-1].index(key)
        mine = items[index]
        if key == "listen" and mine.kind == Kind.SEQ and value.kind == Kind.SEQ:
            items[index] = Node(Kind.SEQ, mine.location, items=mine.items + value.items)
        elif key in defaults.MERGED_MAPS and mine.kind == Kind.MAP and value.kind == Kind.MAP:
            new = [(k, v) for k, v in value.pairs() if k not in mine.keys]
            items[index] = Node(
                Kind.MAP,
                mine.location,
                keys=mine.keys + tuple(k for k, _ in new),
                items=mine.items + tuple(v for _, v in new),
            )
    return Node(Kind.MAP, main.location, keys=tuple(keys), items=tuple(items))


def apply_macros(options: Node) -> Node:
    macros_node = options.get("define_macro")
    macros = dict(macros_node.pairs()) if macros_node is not None else {}
    if not macros:
        return options
    return _substitute(options, macros, 0)


def _substitute(node: Node, macros: dict[str, Node], depth: int) -> Node:
    if depth > 64:
        return node
    if node.kind == Kind.SCALAR:
        if isinstance(node.scalar, str) and not node.quoted and node.scalar in macros:
            return macros[node.scalar]
        return node
    items = tuple(_substitute(item, macros, depth + 1) for item in node.items)
    return Node(node.kind, node.location, node.scalar, node.quoted, node.keys, items)
