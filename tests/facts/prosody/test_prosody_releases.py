"""Prosody's release knowledge (facts/prosody/releases.py, data/xmpp/prosody_options.toml) is consistent, and
what it says is what the sources say; table entries keep their own lines on both parsing paths."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.facts.prosody import defaults
from garrison.facts.prosody.gather import release_for
from garrison.facts.prosody.luaconf import _parse_with_luaparser
from garrison.facts.prosody.luafast import simple_statements
from garrison.facts.prosody.model import LuaTable, Statement
from garrison.facts.prosody.options import SSL_KEYS, OptionKind, classify, module_name, options, ssl_key
from garrison.facts.prosody.releases import BY_SERIES, REFERENCE, RELEASES, Series, release_of
from garrison.facts.versions import InstalledVersion, Program, VersionSource
from garrison.model import Location


def test_releases_are_ordered_unique_and_cover_every_series() -> None:
    assert [r.series for r in RELEASES] == list(Series)
    assert [r.numbers for r in RELEASES] == sorted({r.numbers for r in RELEASES})
    assert REFERENCE.series is Series.V0_12  # Debian 12's 0.12.3


def test_reference_defaults_match_the_defaults_module() -> None:
    assert defaults.C2S_REQUIRE_ENCRYPTION is REFERENCE.c2s_require_encryption
    assert defaults.S2S_REQUIRE_ENCRYPTION is REFERENCE.s2s_require_encryption
    assert defaults.S2S_SECURE_AUTH is REFERENCE.s2s_secure_auth
    assert REFERENCE.authentication == defaults.AUTHENTICATION


def test_what_the_sources_say_per_release() -> None:
    old, ref, new = (BY_SERIES[s] for s in Series)
    # mod_tls: encryption required by default only from 0.12; tls_profile exists from 0.12
    assert (old.c2s_require_encryption, ref.c2s_require_encryption, new.c2s_require_encryption) == (
        False,
        True,
        True,
    )
    assert not old.tls_profile and ref.tls_profile and new.tls_profile
    assert (old.authentication, ref.authentication, new.authentication) == (
        "internal_plain",
        "internal_hashed",
        "internal_hashed",
    )
    assert new.unknown_profile_refused and not ref.unknown_profile_refused
    assert old.cross_domain_honoured and not ref.cross_domain_honoured


def test_option_sets_are_disjoint_where_they_must_be() -> None:
    for release in RELEASES:
        assert not release.obsolete & release.deprecated.keys(), release.series
        read = options(release)
        assert release.global_only <= read, sorted(release.global_only - read)
        assert "c2s_require_encryption" in read and "modules_enabled" in read


def test_the_data_file_lists_names_only_once_and_sorted() -> None:
    text = resources.files("garrison").joinpath("data", "xmpp", "prosody_options.toml").read_text("utf-8")
    table = tomllib.loads(text)["releases"]
    lists = [table["base"], *(v for series in ("0.12", "13.0") for v in table[series].values())]
    for names in lists:
        assert names == sorted(set(names))
    for series in ("0.12", "13.0"):
        assert not set(table[series]["added"]) & set(table[series]["removed"])


@pytest.mark.parametrize(
    ("name", "series", "kind", "instead"),
    [
        ("c2s_require_encrytion", Series.V0_12, OptionKind.MISSPELT, "c2s_require_encryption"),
        ("tls_profile", Series.V0_11, OptionKind.OTHER_RELEASE, "Prosody 0.12 and Prosody 13.0"),
        ("tls_profile", Series.V13_0, OptionKind.READ, None),
        ("cross_domain_bosh", Series.V0_11, OptionKind.READ, None),
        ("cross_domain_bosh", Series.V0_12, OptionKind.OBSOLETE, None),
        ("c2s_interface", Series.V13_0, OptionKind.DEPRECATED, "c2s_interfaces"),
        ("legacy_ssl_ports", Series.V0_12, OptionKind.DEPRECATED, "c2s_direct_tls_ports"),
        ("c2s_port", Series.V0_12, OptionKind.MISSPELT, "c2s_ports"),
        ("http_file_share_size_limit", Series.V0_12, OptionKind.READ, None),
        ("some_community_module_option", Series.V0_12, OptionKind.UNKNOWN, None),
    ],
)
def test_classify(name: str, series: Series, kind: OptionKind, instead: str | None) -> None:
    verdict = classify(name, BY_SERIES[series])
    assert (verdict.kind, verdict.instead) == (kind, instead)


def test_ssl_keys() -> None:
    assert all(ssl_key(key).kind is OptionKind.READ for key in SSL_KEYS)
    assert ssl_key("certifcate").instead == "certificate"


def _installed(version: str, numbers: tuple[int, ...]) -> InstalledVersion:
    return InstalledVersion(
        Program.PROSODY, numbers, version, VersionSource.DPKG, Location("/var/lib/dpkg/status")
    )


def test_release_for_the_installed_version() -> None:
    assert release_for(None) is REFERENCE
    assert release_for(_installed("13.0.1-1", (13, 0, 1))).series is Series.V13_0
    assert release_for(_installed("0.11.9-2", (0, 11, 9))).series is Series.V0_11
    assert release_for(_installed("0.10.2-1", (0, 10, 2))).series is Series.V0_11  # older: the oldest known
    assert release_for(_installed("14.1-1", (14, 1))).series is Series.V13_0  # newer: the newest known
    assert release_of((0, 12, 5)) is REFERENCE


TABLES = st.lists(
    st.sampled_from(['"a"', "b = 1", '"c"', "d = { e = 2 }", "true", 'f = "g"']), min_size=1, max_size=5
).map(lambda items: "x = {\n" + "".join(f"  {item};\n" for item in items) + "}\n")


def _tables(statements: tuple[Statement, ...]) -> list[LuaTable]:
    return [s.value for s in statements if isinstance(s.value, LuaTable)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_entry_lines_agree_on_both_parsing_paths(text: str) -> None:
    fast = simple_statements(text, "/p")
    assert fast is not None
    slow, _ = _parse_with_luaparser(text, "/p")
    for mine, theirs in zip(_tables(fast), _tables(slow.statements), strict=True):
        assert mine.item_lines == theirs.item_lines and mine.field_lines == theirs.field_lines
    first = _tables(fast)[0]
    assert all(line is not None and 2 <= line <= 1 + text.count("\n") for _, _, line in first.entries())


def test_shipped_modules_and_module_names() -> None:
    text = resources.files("garrison").joinpath("data", "xmpp", "prosody_options.toml").read_text("utf-8")
    shipped = tomllib.loads(text)["modules"]
    assert set(shipped) == {s.value for s in Series}
    for names in shipped.values():
        assert names == sorted(set(names)) and {"c2s", "s2s", "tls", "limits"} <= set(names)
    assert "admin_shell" in set(shipped["0.12"]) - set(shipped["0.11"])
    assert module_name("limits").kind is OptionKind.READ
    assert (module_name("limts").kind, module_name("limts").instead) == (OptionKind.MISSPELT, "limits")
    assert module_name("mod_carbons").instead == "carbons"
    assert module_name("muc_meeting_id").kind is OptionKind.UNKNOWN  # a community (Jitsi) module
