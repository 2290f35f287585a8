"""Keep secrets out of parser messages: library error texts sometimes quote the offending value."""

from __future__ import annotations

import re


def redact_yaml_problem(problem: str) -> str:
    """ruamel quotes values in some messages (duplicate keys): keep the key, never a value (a secret?)."""
    duplicate = re.search(r'duplicate key "([^"]*)"', problem)
    if duplicate:
        return f'duplicate key "{duplicate.group(1)}"'
    return re.sub(r'(value|original value):? "[^"]*"', r"\1 (redacted)", problem)
