"""Unit tests for the sudoers parser and the include-following gatherer."""

from __future__ import annotations

from pathlib import Path

import pytest

from garrison.facts.accounts.gather import gather_sudoers
from garrison.facts.accounts.sudoers import SudoAlias, SudoDefault, SudoInclude, SudoUserSpec, parse_sudoers
from garrison.facts.store import FactError, SubjectAbsent
from garrison.targets.rootdir import RootDirTarget

TEXT = """# comment
Defaults\tenv_reset
Defaults:alice, !authenticate
Defaults>root !set_logname
User_Alias ADMINS = alice, bob : OPS = %ops
Cmnd_Alias SHELLS = /bin/bash, /bin/sh
root\tALL=(ALL:ALL) ALL
%sudo\tALL=(ALL:ALL) ALL
#1000 ALL = NOPASSWD: /usr/bin/apt update, PASSWD: /bin/ls : web1, web2 = ALL
alice, bob ALL=(root) NOPASSWD:SETENV: ALL
nagios ALL=(root) TIMEOUT=5m NOPASSWD: /usr/lib/nagios/check --x=1, \\
   /bin/true
@includedir /etc/sudoers.d
#include "/etc/sudoers.local"
"""


def test_parse_items() -> None:
    items, issues = parse_sudoers(TEXT, "/etc/sudoers")
    assert not issues
    defaults = [i for i in items if isinstance(i, SudoDefault)]
    assert (defaults[0].name, defaults[0].scope) == ("env_reset", "")
    assert defaults[1].scope == ":" and defaults[1].name == "authenticate" and defaults[1].negated
    assert defaults[2].scope == ">" and defaults[2].binding == ("root",)
    aliases = [i for i in items if isinstance(i, SudoAlias)]
    assert [(a.name, a.members) for a in aliases][:2] == [("ADMINS", ("alice", "bob")), ("OPS", ("%ops",))]
    specs = [i for i in items if isinstance(i, SudoUserSpec)]
    uid_spec = specs[2]
    assert uid_spec.users == ("#1000",)
    assert [(c.command, c.nopasswd, c.hosts) for c in uid_spec.commands] == [
        ("/usr/bin/apt update", True, ("ALL",)),
        ("/bin/ls", False, ("ALL",)),
        ("ALL", False, ("web1", "web2")),
    ]
    assert specs[3].users == ("alice", "bob") and specs[3].commands[0].nopasswd
    assert [c.command for c in specs[4].commands] == ["/usr/lib/nagios/check --x=1", "/bin/true"]
    assert all(c.nopasswd and c.runas == "(root)" for c in specs[4].commands)
    includes = [i for i in items if isinstance(i, SudoInclude)]
    assert [(i.path, i.directory) for i in includes] == [
        ("/etc/sudoers.d", True),
        ("/etc/sudoers.local", False),
    ]


def test_syntax_error_is_an_issue() -> None:
    items, issues = parse_sudoers("alice ALL (ALL) ALL\nUser_Alias = x\n", "/etc/sudoers.d/x")
    assert items == ()
    assert [i.location.line for i in issues] == [1, 2]


def _root(tmp_path: Path, files: dict[str, str]) -> RootDirTarget:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return RootDirTarget(str(tmp_path))


def test_gather_follows_includes_in_order(tmp_path: Path) -> None:
    target = _root(
        tmp_path,
        {
            "etc/sudoers": "Defaults env_reset\n@includedir /etc/sudoers.d\n@include extra\n",
            "etc/sudoers.d/20-b": "bob ALL=(ALL) ALL\n",
            "etc/sudoers.d/10-a": "alice ALL=(ALL) ALL\n",
            "etc/sudoers.d/30-c.bak": "mallory ALL=(ALL) NOPASSWD: ALL\n",
            "etc/sudoers.d/40-d~": "mallory ALL=(ALL) NOPASSWD: ALL\n",
            "etc/extra": "carol ALL=(ALL) ALL\n",
        },
    )
    facts = gather_sudoers(target)
    assert [s.users[0] for s in facts.specs] == ["alice", "bob", "carol"]
    assert facts.files == ("/etc/sudoers", "/etc/sudoers.d/10-a", "/etc/sudoers.d/20-b", "/etc/extra")


def test_gather_include_loop_and_missing(tmp_path: Path) -> None:
    loop = _root(tmp_path / "a", {"etc/sudoers": "@include /etc/sudoers\n"})
    with pytest.raises(FactError) as caught:
        gather_sudoers(loop)
    assert caught.value.location is not None and caught.value.location.line == 1
    missing = _root(tmp_path / "b", {"etc/sudoers": "@include /etc/nope\n"})
    with pytest.raises(FactError):
        gather_sudoers(missing)
    with pytest.raises(SubjectAbsent):
        gather_sudoers(_root(tmp_path / "c", {"etc/hostname": "x\n"}))
