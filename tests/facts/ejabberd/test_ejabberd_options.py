"""ejabberd's option-name knowledge (facts/ejabberd/options.py, data/xmpp/ejabberd_options.toml) is
consistent and judged by release, and the check never raises (the shipped examples: tests/realworld)."""

from __future__ import annotations

import tomllib
from importlib import resources

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.facts.ejabberd.merge import apply_macros
from garrison.facts.ejabberd.options import (
    REFERENCE,
    RELEASES,
    described,
    names,
    refused_options,
    release_for,
)
from garrison.facts.ejabberd.yamltree import parse_ejabberd_yaml
from garrison.facts.versions import InstalledVersion, Program, VersionSource
from garrison.model import Location

PATH = "/etc/ejabberd/ejabberd.yml"


def _refused(text: str, release: tuple[int, int] = REFERENCE) -> list[tuple[int | None, str]]:
    tree, issues = parse_ejabberd_yaml(text, PATH)
    assert tree is not None, issues
    return [(i.location.line, i.message) for i in refused_options(apply_macros(tree), release)]


def test_releases_are_ordered_and_hold_the_reference() -> None:
    assert list(RELEASES) == sorted(set(RELEASES)) and REFERENCE in RELEASES


def test_the_data_file_is_consistent() -> None:
    text = resources.files("garrison").joinpath("data", "xmpp", "ejabberd_options.toml").read_text("utf-8")
    table = tomllib.loads(text)
    known = {f"{a}.{b:02d}" for a, b in RELEASES}
    assert set(table["top"]) - {"base"} <= known
    for entry in table["top"].values():
        for names_ in entry.values() if isinstance(entry, dict) else (entry,):
            assert names_ == sorted(set(names_))
    assert {"ejabberd_listener", "ejabberd_c2s", "ejabberd_http"} <= set(table["listeners"])
    assert {"mod_mam", "mod_fail2ban", "mod_register"} <= set(table["modules"])


def test_options_of_every_release() -> None:
    old, ref, new = names(RELEASES[0]), names(REFERENCE), names(RELEASES[-1])
    for judged in (
        "auth_password_format",
        "s2s_use_starttls",
        "disable_sasl_mechanisms",
        "loglevel",
        "listen",
    ):
        assert judged in old.top and judged in ref.top and judged in new.top
    assert "disable_sasl_scram_downgrade_protection" in new.top - ref.top  # added in 24.02
    assert "log_modules_fully" in ref.top - old.top  # added in 23.01
    assert {"port", "ip", "module"} <= ref.listener
    assert "starttls_required" in ref.listeners["ejabberd_c2s"]


def test_unknown_options_at_every_level_are_refused_at_their_line() -> None:
    text = (
        "hosts: [example.org]\n"
        "s2s_use_startls: required\n"
        "listen:\n"
        "  - port: 5222\n"
        "    module: ejabberd_c2s\n"
        "    starttls_requried: true\n"
        "  - port: 3478\n"
        "    module: ejabberd_stun\n"
        "    use_turn: true\n"
        "modules:\n"
        "  mod_fail2ban:\n"
        "    c2s_max_auth_failure: 5\n"
        "  mod_contributed_thing:\n"
        "    anything: 1\n"
        "host_config:\n"
        "  example.org:\n"
        "    auth_methd: [sql]\n"
    )
    refused = _refused(text)
    assert [line for line, _ in refused] == [2, 17, 6, 12]
    assert "did you mean s2s_use_starttls?" in refused[0][1]
    assert "did you mean c2s_max_auth_failures?" in refused[3][1]


def test_an_option_is_judged_by_the_release() -> None:
    text = "hosts: [example.org]\ndisable_sasl_scram_downgrade_protection: false\n"
    assert [line for line, _ in _refused(text, (23, 1))] == [2]
    assert _refused(text, (24, 12)) == []


def test_release_for_and_described() -> None:
    assert release_for(None) == REFERENCE
    assert release_for((24, 12, 1)) == (24, 12)
    assert release_for((24, 3)) == (24, 2)
    assert release_for((20, 4)) == RELEASES[0]
    where = Location("/var/lib/dpkg/status", 3)
    found = InstalledVersion(Program.EJABBERD, (24, 12), "24.12-3", VersionSource.DPKG, where)
    assert described(found) == "ejabberd 24.12"
    assert described(None).startswith("ejabberd 23.01 (Debian 12's")


KEYS = st.sampled_from(["hosts", "listen", "modules", "loglevel", "host_config", "xyz", "module", "port"])
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_refused_options_never_raises(data: dict[str, object]) -> None:
    import json

    tree, _ = parse_ejabberd_yaml(json.dumps(data), PATH)
    if tree is not None:
        refused_options(tree, REFERENCE)


def test_a_misspelt_bundled_module_is_refused_a_contributed_one_is_not() -> None:
    text = "hosts: [example.org]\nmodules:\n  mod_fail2ben: {}\n  mod_s3_upload: {}\n  mod_mam: {}\n"
    assert _refused(text) == [(3, "unknown module mod_fail2ben (did you mean mod_fail2ban?)")]
