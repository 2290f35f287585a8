"""The systemd directive table (facts.systemd.directives) is consistent: additions after 252 are new names,
additions up to 252 are in 252's list, and each release knows what the previous one knew plus its own."""

from __future__ import annotations

from garrison.facts.systemd.directives import (
    ADDED_AFTER,
    ADDED_BY,
    FIRST,
    LAST,
    REFERENCE,
    REFERENCE_VERSION,
    is_unknown,
    judged_version,
    known_directives,
)


def test_versions_are_in_range() -> None:
    assert FIRST <= REFERENCE_VERSION <= LAST
    assert all(REFERENCE_VERSION < v <= LAST for v in ADDED_AFTER)
    assert all(FIRST < v <= REFERENCE_VERSION for v in ADDED_BY)


def test_additions_are_new_and_removals_are_in_the_reference() -> None:
    for pairs in ADDED_AFTER.values():
        assert all(section in REFERENCE and name not in REFERENCE[section] for section, name in pairs)
    for pairs in ADDED_BY.values():
        assert all(name in REFERENCE[section] for section, name in pairs)


def test_each_release_knows_at_least_the_previous_one() -> None:
    for section in REFERENCE:
        for version in range(FIRST, LAST):
            assert known_directives(version, section) <= known_directives(version + 1, section)  # type: ignore[operator]
    assert known_directives(None, "Service") == REFERENCE["Service"]
    assert known_directives(252, "Socket") is None


def test_lookups() -> None:
    assert judged_version(None) == 252 and judged_version(240) == 249 and judged_version(260) == 257
    assert is_unknown(252, "Service", "PrivatePIDs") and not is_unknown(257, "Service", "PrivatePIDs")
    assert is_unknown(249, "Service", "ExitType") and not is_unknown(250, "Service", "ExitType")
    assert not is_unknown(252, "Service", "X-Anything") and not is_unknown(252, "X-Tool", "Anything")
    assert is_unknown(252, "Service", "NoNewPrivilege")
