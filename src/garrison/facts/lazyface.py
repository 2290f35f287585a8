"""Pack faces that load their names on first use (PEP 562 module `__getattr__`).

A service pack whose subject is often absent (docker, the SIP servers, ejabberd) keeps its face light: the
audit asks the pack's `presence` module first, and importing that module imports the package's `__init__`.
With a lazy face the pack's models and parsers load only when a rule or gatherer uses a name, so an audit
of a host without that service never builds them (benchmarks/bench_debootstrap.py). The face still lists
every name in `__all__` and imports them under `TYPE_CHECKING` for the type checker.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping


def homes(**names: Iterable[str]) -> dict[str, str]:
    """{name: module} from module=names keyword groups: `homes(**{"pkg.model": ("A", "B")})`."""
    return {name: module for module, group in names.items() for name in group}


def lazy_face(face: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """The `__getattr__` of module `face`: each name of `where` imported from its module once, then kept
    (a name whose module is `face.name` is that submodule)."""

    def __getattr__(name: str) -> object:
        home = where.get(name)
        if home is None:
            raise AttributeError(f"module {face!r} has no attribute {name!r}")
        module = importlib.import_module(home)
        value = module if home == f"{face}.{name}" else getattr(module, name)  # a submodule is itself
        setattr(sys.modules[face], name, value)
        return value

    return __getattr__
