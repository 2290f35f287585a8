"""Assignments systemd does not apply (facts.systemd.validity): unknown directives per release, refused
commands, placeholders where a number or a user is needed."""

from __future__ import annotations

from garrison.facts.systemd.model import ServiceUnit
from garrison.facts.systemd.unitfile import parse_unit_file
from garrison.facts.systemd.validity import ignored_assignments


def _unit(text: str) -> ServiceUnit:
    assignments, _ = parse_unit_file(text, "/etc/systemd/system/a.service")
    return ServiceUnit("a.service", "/etc/systemd/system/a.service", (), assignments, False)


def test_ignored_assignments() -> None:
    unit = _unit(
        "[Unit]\nDescripton=x\n[Service]\nExecStart=bin/app\nExecStartPre=-true\nUser={{ user }}\n"
        "LimitNOFILE=${N}\nEnvironment=A={{ b }}\nPrivatePIDs=yes\nX-Own=1\n[X-Tool]\nAnything=1\n"
    )
    found = {(f.assignment.key, f.fatal) for f in ignored_assignments(unit, 252)}
    assert found == {
        ("Descripton", False),
        ("ExecStart", True),
        ("User", False),
        ("LimitNOFILE", False),
        ("PrivatePIDs", False),
    }
    assert "PrivatePIDs" not in {f.assignment.key for f in ignored_assignments(unit, 257)}
    assert "PrivatePIDs" in {f.assignment.key for f in ignored_assignments(unit, None)}  # judged as 252
