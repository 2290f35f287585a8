"""Print pip constraints that pin every runtime dependency to the lowest version pyproject.toml allows.

    python scripts/lowest_constraints.py [pyproject.toml] > constraints.txt
    python scripts/lowest_constraints.py --installed     the installed version of each, `name==version`

Reads `[project] dependencies`; each must have a `>=` lower bound (tests/test_dependency_bounds.py checks
this), which becomes `name==bound`. scripts/test.sh installs with these constraints for the second CI run,
so a bound that no longer works fails CI instead of a user's install. Needs `packaging`.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement


def dependencies(pyproject: Path) -> list[Requirement]:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return [Requirement(text) for text in data["project"]["dependencies"]]


def lowest_pins(pyproject: Path) -> list[str]:
    pins = []
    for requirement in dependencies(pyproject):
        bounds = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if len(bounds) != 1:
            raise SystemExit(f"{pyproject}: {str(requirement)!r} needs exactly one '>=' lower bound")
        marker = f"; {requirement.marker}" if requirement.marker else ""
        pins.append(f"{requirement.name}=={bounds[0]}{marker}")
    return pins


def installed(pyproject: Path) -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for requirement in dependencies(pyproject):
        try:
            found.append(f"{requirement.name}=={version(requirement.name)}")
        except PackageNotFoundError:
            found.append(f"{requirement.name} (not installed)")
    return found


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if a != "--installed"]
    pyproject = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "pyproject.toml"
    print("\n".join(installed(pyproject) if "--installed" in argv else lowest_pins(pyproject)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
