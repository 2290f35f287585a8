"""pg_hba.conf shadowing: a record whose every connection an earlier record matches never applies (the first
matching record decides), and the search stays bounded on a huge file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.postgresql.hba import parse_pg_hba
from garrison.facts.postgresql.model import HbaEntry
from garrison.facts.postgresql.shadow import covers, shadowing


def _records(text: str) -> tuple[HbaEntry, ...]:
    entries, issues = parse_pg_hba(text, "/h")
    assert not issues
    return entries


@pytest.mark.parametrize(
    ("text", "shadowed"),
    [
        ("host all all 0.0.0.0/0 reject\nhost all all 10.0.0.0/8 trust\n", [2]),
        ("host all all 10.0.0.0/8 reject\nhost all all 0.0.0.0/0 trust\n", []),
        ("host all all 0.0.0.0/0 reject\nhost all all ::1/128 trust\n", []),
        ("host all all all reject\nhostssl db u ::1/128 trust\n", [2]),
        ("hostssl all all all reject\nhost all all 10.0.0.1/32 trust\n", []),
        ("host all all all reject\nhost replication all all trust\n", []),
        ("host replication all all reject\nhost replication all 10.0.0.1/32 trust\n", [2]),
        ("local all postgres peer\nlocal all all peer\n", []),
        ("local all all peer\nlocal db,other +admins trust\n", [2]),
        ("host all all 10.0.0.0 255.0.0.0 md5\nhost all all 10.2.0.0/16 trust\n", [2]),
        ("host all all samenet md5\nhost all all samenet trust\nhost all all 10.0.0.0/8 trust\n", [2]),
        ("host db1 all all md5\nhost db1,db2 all all trust\n", []),
    ],
)
def test_shadowed_records(text: str, shadowed: list[int]) -> None:
    entries = _records(text)
    found = shadowing(entries)
    assert sorted(e.location.line for e in found) == shadowed
    assert all(covers(found[e], e) for e in found)


def test_shadowing_is_bounded() -> None:
    lines = "".join(f"host db{i} all 10.0.{i // 250}.{i % 250}/32 md5\n" for i in range(3000))
    entries = _records(lines + "host db5 all 10.0.0.5/32 trust\n")
    assert [e.location.line for e in shadowing(entries)] == [3001]


_WORDS = {
    "type": st.sampled_from(["local", "host", "hostssl", "hostnossl"]),
    "names": st.lists(st.sampled_from(["all", "a", "b", "+g", "replication"]), min_size=1, max_size=2),
    "address": st.sampled_from(["all", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.3/32", "::1/128", "samenet"]),
}


@st.composite
def _hba_files(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(_WORDS["type"])
        databases, users = ",".join(draw(_WORDS["names"])), ",".join(draw(_WORDS["names"]))
        where = "" if kind == "local" else " " + draw(_WORDS["address"])
        lines.append(f"{kind} {databases} {users}{where} trust\n")
    return "".join(lines)


@given(_hba_files())
@settings(max_examples=300)
def test_indexed_search_finds_the_first_covering_record_like_trying_each(text: str) -> None:
    """shadowing() tries only the records that can take the users; it must name the same first covering
    record as trying every earlier unshadowed record in order."""
    entries = _records(text)
    expected: dict[HbaEntry, HbaEntry] = {}
    kept: list[HbaEntry] = []
    for later in entries:
        winner = next((e for e in kept if covers(e, later)), None)
        if winner is None:
            kept.append(later)
        else:
            expected[later] = winner
    assert shadowing(entries) == expected
