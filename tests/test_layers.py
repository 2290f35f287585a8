"""The import graph runs downward only: targets -> facts -> rules -> engine -> report -> cli (issue 8).

Every import in src/garrison — at module level or inside a function (lazy imports count) — is checked
against the layer order below: a module may import its own layer and the layers beneath it, never above.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

#: Lowest first. A module belongs to the longest prefix listed.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "garrison",
        "garrison.errors",
        "garrison.model",
        "garrison.effective",
        "garrison.budget",
        "garrison.options",
        "garrison.data",
    ),
    ("garrison.targets",),
    ("garrison.facts",),
    ("garrison.rules",),
    ("garrison.engine", "garrison.score", "garrison.waivers", "garrison.config"),
    ("garrison.report",),
    ("garrison.cli", "garrison.__main__"),
)


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), index
    assert rank >= 0, f"{module} belongs to no layer: add it to LAYERS"
    return rank


def imports(path: Path) -> list[tuple[int, str]]:
    module = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return [(line, name) for line, name in found if name == "garrison" or name.startswith("garrison.")]


def test_imports_run_downward() -> None:
    upward = []
    for path in sorted((SRC / "garrison").rglob("*.py")):
        module = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        own = layer_of(module)
        for line, name in imports(path):
            if layer_of(name) > own:
                upward.append(f"{path.relative_to(SRC)}:{line} imports {name}")
    assert not upward, "imports that point up the layers:\n" + "\n".join(upward)


def test_the_check_sees_an_upward_import() -> None:
    assert layer_of("garrison.facts.sshd.gather") < layer_of("garrison.rules.ssh.auth")
    assert layer_of("garrison.report.text") > layer_of("garrison.engine")
    assert layer_of("garrison.targets.local") < layer_of("garrison.facts.store")
