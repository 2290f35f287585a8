"""What can still be read from an ejabberd.yml with a YAML syntax error: the top-level options before it.

ejabberd refuses the whole file, so nothing of it applies; Garrison still judges the options written before
the error, and every verdict then carries a note (`EjabberdFacts.verdict_notes`). The text is cut at a
top-level key (a line starting a `name:` mapping entry in column 0) at or before the error line, the latest
cut whose prefix parses. Pure, never raises; only called on the error path.
"""

from __future__ import annotations

import re

from garrison.facts.ejabberd.model import Kind, Node

_TOP_KEY = re.compile(r"^[A-Za-z_\"'][^:#\n]*:(?:\s|$)", re.MULTILINE)
_TRIES = 8


def readable_prefix(text: str, path: str, error_line: int | None) -> Node | None:
    """The options of the longest parseable prefix that ends before `error_line` (None when none)."""
    from garrison.facts.ejabberd.yamltree import parse_ejabberd_yaml

    if error_line is None or error_line <= 1:
        return None
    cut = sum(len(line) for line in text.splitlines(keepends=True)[: error_line - 1])  # before the error
    starts = [m.start() for m in _TOP_KEY.finditer(text, 0, cut + 1) if m.start() <= cut]
    for offset in [*reversed(starts)][:_TRIES]:
        tree, _issues = parse_ejabberd_yaml(text[:offset], path)
        if tree is not None and tree.kind is Kind.MAP and tree.keys:
            return tree
    return None
