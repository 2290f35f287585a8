"""Each fact pack has one public face, and rules use only faces (issue 8).

A rule module may import: `garrison.model`, the registry, the shared helper vocabulary (`rules.expect`,
`rules.wording`), knowledge (`garrison.data`), modules of its own rules domain, the faces of fact packs
(`garrison.facts.<pack>`, its `__init__`, and only names in its `__all__`) and the shared fact shapes
listed below — never another rules domain, a gatherer module or a pack's internals. Every pack's face
declares `__all__`.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "garrison"
RULES = SRC / "rules"
FACTS = SRC / "facts"
#: Top-level fact modules every rule may use: shared shapes and text policies, not machinery.
SHARED_FACTS = {"listeners", "tlsrefs", "placeholders", "quoting", "scanning"}
ALWAYS = ("garrison.model", "garrison.rules.registry", "garrison.rules.expect", "garrison.rules.wording")
PACKS = sorted(p.name for p in FACTS.iterdir() if (p / "__init__.py").exists())


def _allowed(domain: str, module: str, names: list[str]) -> str | None:
    """None when `from module import names` is allowed in rules/<domain>, else why not."""
    if module in ALWAYS or module == "garrison.data" or module.startswith("garrison.data."):
        return None
    if module.startswith(f"garrison.rules.{domain}.") or module == f"garrison.rules.{domain}":
        return None
    parts = module.split(".")
    if parts[:2] == ["garrison", "facts"] and len(parts) == 3:
        if parts[2] in SHARED_FACTS:
            return None
        if parts[2] in PACKS:
            face = importlib.import_module(module)
            exported = set(getattr(face, "__all__", ()))
            hidden = [n for n in names if n not in exported]
            return f"names outside {module}.__all__: {', '.join(hidden)}" if hidden else None
    return "not a pack face or shared vocabulary"


def test_rules_import_only_faces() -> None:
    bad = []
    for path in sorted(RULES.rglob("*.py")):
        relative = path.relative_to(RULES)
        if len(relative.parts) < 2:
            continue  # registry, expect, wording: the vocabulary itself
        domain = relative.parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("garrison"):
                why = _allowed(domain, node.module, [a.name for a in node.names])
                if why:
                    bad.append(f"rules/{relative}:{node.lineno} from {node.module}: {why}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("garrison"):
                        bad.append(
                            f"rules/{relative}:{node.lineno} import {alias.name}: use from-imports of faces"
                        )
    assert not bad, "\n".join(bad)


def test_every_pack_face_declares_all() -> None:
    missing = [
        pack for pack in PACKS if not hasattr(importlib.import_module(f"garrison.facts.{pack}"), "__all__")
    ]
    assert not missing, f"packs without __all__: {missing}"
    for pack in PACKS:
        face = importlib.import_module(f"garrison.facts.{pack}")
        absent = [name for name in face.__all__ if not hasattr(face, name)]
        assert not absent, f"garrison.facts.{pack}.__all__ names what it lacks: {absent}"
