"""The shared quoting policy of error messages: keywords pass, secrets' lines never do, nothing raises."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from garrison.facts.quoting import KEYWORD_LIMIT, NOT_SHOWN, keyword_of, redact_quoted, redact_words, shown

SHADOW_LINE = "root:$y$j9T$PLANTEDSALT$PLANTEDHASHvalue0123456789abcdefghijk:19700:0:99999:7:::"
HTPASSWD_LINE = "admin:$apr1$PLANTED$secrethashAAAA"
KEY_LINE = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"


@pytest.mark.parametrize(
    "word",
    ["PermitRootLogin", "ssl_protocols", "net.ipv4.conf.default.accept_source_route",
     "c2s_require_encryption", "http2_max_field_size", "User_Alias", "include-dir", "x"],
)  # fmt: skip
def test_keywords_are_kept(word: str) -> None:
    assert keyword_of(word) == word
    assert shown(f"  {word} ") == word


@pytest.mark.parametrize(
    "text",
    [SHADOW_LINE, HTPASSWD_LINE, KEY_LINE, KEY_LINE[:30], "a1f6c03d94be27f51c0a9e6b3d4875f0", "8a1f6c03",
     "carol:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "two words", "", "x" * (KEYWORD_LIMIT + 1), "-----BEGIN"],
)  # fmt: skip
def test_lines_values_and_encoded_data_are_not_shown(text: str) -> None:
    assert keyword_of(text) is None
    assert shown(text) == NOT_SHOWN


def test_library_messages_keep_keywords_and_grammar_symbols() -> None:
    antlr = f"line 3:0: no viable alternative at input '{KEY_LINE}\\nabc'"
    assert redact_quoted(antlr) == "line 3:0: no viable alternative at input '(not shown)'"
    assert redact_quoted("mismatched input 'local' expecting {';', '='}") == (
        "mismatched input 'local' expecting {';', '='}"
    )
    assert redact_quoted(f'unknown directive "{HTPASSWD_LINE}"') == 'unknown directive "(not shown)"'
    assert (
        redact_quoted(f"found character '\\t' then '{SHADOW_LINE}")
        == "found character '\\t' then (not shown)"
    )


def test_program_messages_keep_only_keywords_and_numbers() -> None:
    assert redact_words(f"Bad configuration option: {SHADOW_LINE}") == "Bad configuration option: (not shown)"
    assert redact_words(f'no argument after keyword "{HTPASSWD_LINE}"') == (
        'no argument after keyword "(not shown)"'
    )
    assert (
        redact_words("terminating, 3 bad configuration options") == "terminating, 3 bad configuration options"
    )
    assert redact_words('unsupported option "maybe".') == 'unsupported option "maybe".'


@given(st.text())
def test_never_raises_and_leaves_unquoted_text_alone(text: str) -> None:
    for redact in (redact_quoted, redact_words):
        out = redact(text)
        assert isinstance(out, str)
    assert keyword_of(text) in (None, text.strip())
    if "'" not in text and '"' not in text and "`" not in text:
        assert redact_quoted(text) == text  # nothing quoted: nothing to take out
