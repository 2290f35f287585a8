"""Cross-pack facts find their sources by shape, so adding a service pack edits no other pack (issue 8).

The exposure facts take every fact type of the catalog with `listeners()`, the TLS material facts every
one with `tls_files()`; there is no list of packs to keep in step.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from garrison.facts.catalog import default_gatherers
from garrison.facts.listeners import Listener, ReportsListeners, ReportsMediaPorts
from garrison.facts.store import FactStore, SubjectAbsent
from garrison.facts.tlsrefs import ReferencesTls
from garrison.targets.base import Target
from garrison.targets.rootdir import RootDirTarget

FACTS = Path(__file__).resolve().parents[2] / "src" / "garrison" / "facts"
SERVICE_PACKS = ("nginx", "ejabberd", "prosody", "postgresql", "docker", "sip")


@dataclass(frozen=True, slots=True)
class NewServiceFacts(ReportsListeners):
    def listeners(self) -> tuple[Listener, ...]:
        return (Listener("newsvc", "0.0.0.0", 7777),)


@dataclass(frozen=True, slots=True)
class AbsentServiceFacts(ReportsListeners):
    def listeners(self) -> tuple[Listener, ...]:
        raise AssertionError("never gathered")


def _absent(target: Target) -> AbsentServiceFacts:
    raise SubjectAbsent("not installed")


def test_a_new_pack_is_found_by_its_shape(tmp_path: Path) -> None:
    gatherers = {
        NewServiceFacts: lambda target: NewServiceFacts(),
        AbsentServiceFacts: _absent,
    }
    store = FactStore(RootDirTarget(str(tmp_path)), gatherers)
    found = store.providers(ReportsListeners)  # type: ignore[type-abstract]
    assert [type(f) for f in found] == [NewServiceFacts]
    assert not hasattr(found[0], "__dict__")  # the shape keeps the facts slotted
    assert store.providers(ReferencesTls) == ()  # type: ignore[type-abstract]


def test_every_service_pack_offers_its_shapes() -> None:
    def packs_with(shape: type) -> set[str]:
        return {t.__module__.split(".")[2] for t in default_gatherers() if shape in t.__mro__}

    assert packs_with(ReportsListeners) == set(SERVICE_PACKS)
    assert packs_with(ReferencesTls) == {"nginx", "ejabberd", "prosody", "postgresql", "sip"}
    assert packs_with(ReportsMediaPorts) == {"sip"}  # RTP ranges the exposure facts probe


def test_cross_pack_facts_import_no_service_pack() -> None:
    for consumer in ("exposure", "tls"):
        for path in (FACTS / consumer).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module:
                    parts = node.module.split(".")
                    named = parts[2] if len(parts) > 2 and parts[:2] == ["garrison", "facts"] else None
                    assert named not in SERVICE_PACKS, f"{path.name} imports {node.module}"
