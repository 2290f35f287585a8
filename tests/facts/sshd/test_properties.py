"""Never-raises property tests for every sshd parser: arbitrary text gives a model, never an exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.sshd.dump import error_location, parse_sshd_t
from garrison.facts.sshd.effective import connection_settings, global_settings
from garrison.facts.sshd.hostkeys import describe_public_key
from garrison.facts.sshd.lexer import split_line
from garrison.facts.sshd.match import Connection, parse_match
from garrison.facts.sshd.moduli import parse_moduli
from garrison.facts.sshd.parse import parse_sshd_config

WORDS = st.sampled_from(
    [
        "Port",
        "Match",
        "User",
        "Address",
        "All",
        "PasswordAuthentication",
        "yes",
        "no",
        "=",
        "#",
        '"',
        "'",
        "\\",
        " ",
        "\t",
        "\n",
        "10.0.0.0/8",
        "!",
        "*",
        ",",
        "Ciphers",
        "+aes128-cbc",
        "-aes*",
        "LoginGraceTime",
        "2m",
        "Include",
        "MaxStartups",
        "10:30:60",
        "PermitRootLogin",
        "prohibit-password",
        "LocalPort",
        "22",
    ]
)
CONFIG = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(CONFIG)
def test_parse_never_raises(text: str) -> None:
    parsed, issues = parse_sshd_config(text, "/etc/ssh/sshd_config")
    assert all(i.location.path == "/etc/ssh/sshd_config" for i in issues)
    if not issues:
        settings_, _, _ = global_settings(parsed)
        assert "passwordauthentication" in settings_
        connection_settings(parsed, Connection(user="u", host="h", address="10.1.1.1", local_port=22))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_line_helpers_never_raise(text: str) -> None:
    split_line(text)
    parse_match(text)
    parse_sshd_t(text)
    error_location(text, "/etc/ssh/sshd_config")
    describe_public_key(text)
    parse_moduli(text, "/etc/ssh/moduli")
