"""The dependency bounds in pyproject.toml are the ones tested: scripts/test.sh runs the suite once with the
newest releases and once with every runtime dependency pinned to its lower bound
(scripts/lowest_constraints.py), and says which run this is in GARRISON_DEPS_UNDER_TEST."""

from __future__ import annotations

import importlib.util
import os
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = REPO / "pyproject.toml"
SCRIPT = REPO / "scripts" / "lowest_constraints.py"


def constraints_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lowest_constraints", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_runtime_dependency_is_pinned_to_its_lower_bound() -> None:
    script = constraints_script()
    names = [req.name for req in script.dependencies(PYPROJECT)]
    pins = script.lowest_pins(PYPROJECT)
    assert len(names) >= 7 and [pin.split("==")[0] for pin in pins] == names


def test_a_dependency_without_a_lower_bound_is_refused(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\ndependencies = ["rich>=13", "crossplane"]\n')
    with pytest.raises(SystemExit, match="crossplane"):
        constraints_script().lowest_pins(pyproject)


def test_installed_versions_are_allowed_by_pyproject() -> None:
    for requirement in constraints_script().dependencies(PYPROJECT):
        installed = version(requirement.name)
        assert requirement.specifier.contains(installed, prereleases=True), f"{requirement.name} {installed}"


@pytest.mark.skipif(
    os.environ.get("GARRISON_DEPS_UNDER_TEST") != "lowest", reason="only in scripts/test.sh's lowest run"
)
def test_the_lowest_run_has_every_dependency_at_its_lower_bound() -> None:
    for pin in constraints_script().lowest_pins(PYPROJECT):
        name, bound = pin.split("==")
        assert Version(version(name)) == Version(bound), f"{name} {version(name)} is not {bound}"
