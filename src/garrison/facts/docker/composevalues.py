"""Compose service values that take more than a scalar read: `${VAR:-literal}` secret fallbacks in environment
entries, and `build.dockerfile_inline` with the compose-file line its instructions start on. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from garrison.facts.docker.model import Scalar
from garrison.facts.docker.yamltree import Node
from garrison.facts.placeholders import has_placeholder
from garrison.facts.secrets.shape import SECRET_NAME

#: `${VAR:-default}` / `${VAR-default}` with a literal default (no further `$`).
_FALLBACK = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}$]+)\}")


def secret_fallbacks(node: Node | None) -> tuple[Scalar, ...]:
    """Environment values whose `${VAR:-literal}` default is a secret: the entry's key or the variable is
    named like a secret, and the default is written in the file (a secret used whenever VAR is unset)."""
    if node is None:
        return ()
    pairs: list[tuple[str, str, int]] = []
    if isinstance(node.value, dict):
        pairs = [(k, str(v.value), v.line) for k, v in node.value.items() if isinstance(v.value, str)]
    elif isinstance(node.value, list):
        for item in node.value:
            if isinstance(item.value, str) and "=" in item.value:
                key, _, raw = item.value.partition("=")
                pairs.append((key, raw, item.line))
    found = []
    for key, raw, line in pairs:
        for match in _FALLBACK.finditer(raw):
            name, default = match.group(1), match.group(2).strip()
            secretish = SECRET_NAME.match(key.strip()) or SECRET_NAME.match(name)
            if secretish and default and not has_placeholder(default, env="none"):
                found.append(Scalar(key.strip(), line))
    return tuple(found)


def inline_dockerfile(build: Node | None, lines: Sequence[str]) -> tuple[Scalar | None, bool]:
    """build.dockerfile_inline: the text, with the line its first instruction is on (the line after the key
    for a literal block `|`, whose lines are the compose file's), and whether it is such a block."""
    if build is None or not isinstance(build.value, dict):
        return None, True
    node = build.value.get("dockerfile_inline")
    if node is None or not isinstance(node.value, str):
        return None, True
    key_line = lines[node.line - 1] if 0 < node.line <= len(lines) else ""
    block = key_line.rstrip().endswith(("|", "|-", "|+"))
    return Scalar(node.value, node.line + 1 if block else node.line), block
