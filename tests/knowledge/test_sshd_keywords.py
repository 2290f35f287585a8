"""The sshd keyword table is consistent: typed records, aliases that point at keywords, algorithm lists that
name an algorithm kind, and the multi-state keywords' word tables."""

from __future__ import annotations

from garrison.facts.sshd.algorithms import FAMILY_OF
from garrison.facts.sshd.keywords import ALIASES, KEYWORDS, MULTISTATE, TABLE, Choices, ValueKind


def test_names_are_lowercase_and_unique() -> None:
    names = [k.name for k in TABLE]
    assert len(names) == len(set(names))
    assert all(n == n.lower() and n.isalnum() for n in names)


def test_aliases_point_at_keywords() -> None:
    for alias, name in ALIASES.items():
        assert alias not in {k.name for k in TABLE}, alias
        assert KEYWORDS[alias] is KEYWORDS[name]
    assert set(KEYWORDS) == {k.name for k in TABLE} | set(ALIASES)


def test_each_kind_carries_what_it_needs() -> None:
    for k in TABLE:
        assert (k.family is not None) == (k.kind is ValueKind.ALGO), k.name
        assert (k.choices is not None) == (k.kind in (ValueKind.FLAG, ValueKind.MULTI)), k.name
        assert k.kind is not ValueKind.FLAG or k.choices is Choices.FLAG, k.name
        assert k.choices is None or k.choices in MULTISTATE, k.name


def test_algorithm_keywords_match_the_algorithm_table() -> None:
    algo = {k.name: k.family for k in TABLE if k.kind is ValueKind.ALGO}
    assert algo == dict(FAMILY_OF)


def test_match_blocks_allow_what_sshd_config_5_lists() -> None:
    allowed = {k.name for k in TABLE if k.match}
    for name in ("passwordauthentication", "permitrootlogin", "allowtcpforwarding", "forcecommand", "banner"):
        assert name in allowed
    for name in (
        "port",
        "listenaddress",
        "hostkey",
        "ciphers",
        "macs",
        "kexalgorithms",
        "usepam",
        "subsystem",
    ):
        assert name not in allowed
