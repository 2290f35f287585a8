"""dpkg-statoverride parsing, the shipped setuid/setgid table's consistency, and the lazy list reading."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from garrison.facts.catalog import default_gatherers
from garrison.facts.filesystem import SHIPPED_SPECIAL, SetuidFacts, canonical
from garrison.facts.filesystem.setuid import parse_statoverride
from garrison.facts.filesystem.shipped import SHIPPED, SPECIAL, ModeSource
from garrison.facts.store import FactStore
from garrison.model import Location
from garrison.targets.rootdir import RootDirTarget


def test_statoverride_lines() -> None:
    text = "root crontab 2755 /usr/bin/crontab\nbroken line\n\nroot messagebus 4754 /bin/x\n"
    found, issues = parse_statoverride(text)
    assert found["/usr/bin/crontab"].mode == 0o2755
    assert found["/usr/bin/x"].location == Location("/var/lib/dpkg/statoverride", 4)
    assert [i.location.line for i in issues if i.location] == [2]


@given(st.text())
def test_statoverride_never_raises(text: str) -> None:
    parse_statoverride(text)


def test_table_is_consistent() -> None:
    seen = set()
    for item in SHIPPED:
        assert item.path.startswith("/") and item.mode & SPECIAL, item
        assert item.mode <= 0o7777 and item.owner and item.group, item
        assert (item.path, item.package) not in seen, item
        seen.add((item.path, item.package))
        assert item in SHIPPED_SPECIAL[canonical(item.path)]
    assert canonical("/bin/su") == "/usr/bin/su" and canonical("/usr/bin/su") == "/usr/bin/su"
    assert {i.how for i in SHIPPED} == set(ModeSource)


def test_only_the_tables_package_lists_are_read(tmp_path: Path) -> None:
    (tmp_path / "usr/bin").mkdir(parents=True)
    (tmp_path / "usr/bin/passwd").write_text("ELF")
    (tmp_path / "usr/bin/passwd").chmod(0o4755)
    info = tmp_path / "var/lib/dpkg/info"
    info.mkdir(parents=True)
    (info / "passwd.list").write_text("/usr/bin/passwd\n")
    (info / "other.list").write_bytes(b"\x00 not text")  # would be unreadable as text: never read
    facts = FactStore(RootDirTarget(str(tmp_path)), default_gatherers()).get(SetuidFacts)
    (found,) = facts.files
    assert found.packages == ("passwd",) and facts.dpkg
