"""What can still be read from a Prosody config file with a Lua syntax error: the statements before it.

Prosody refuses the whole file (Lua compiles a chunk before running any of it), so nothing of it applies;
Garrison still judges what the file says up to the error, and every verdict then carries a note
(`ProsodyFacts.verdict_notes`). The text is cut at the start of a top-level statement (a line starting with
`name =`, `VirtualHost`, `Component` or `Include`) before the error line, the latest one whose prefix parses.
Pure, never raises; only called on the error path.
"""

from __future__ import annotations

import re

from garrison.facts.prosody.model import Statement

_STATEMENT_START = re.compile(
    r"^(?:[A-Za-z_]\w*\s*=[^=]|(?:VirtualHost|Host|Component|Include)\b)", re.MULTILINE
)
_TRIES = 8


def readable_prefix(text: str, path: str, error_line: int | None) -> tuple[Statement, ...]:
    """The statements of the longest parseable prefix that ends before `error_line` (() when none)."""
    from garrison.facts.prosody.luaconf import parse_prosody_config

    if error_line is None or error_line <= 1:
        return ()
    cut = sum(len(line) for line in text.splitlines(keepends=True)[: error_line - 1])  # before the error
    starts = [m.start() for m in _STATEMENT_START.finditer(text, 0, cut)]
    for offset in [cut, *reversed(starts)][:_TRIES]:
        parsed, _issues = parse_prosody_config(text[:offset], path)
        if parsed.syntax_error is None:
            return parsed.statements
    return ()
