"""Property tests: every accounts parser accepts arbitrary text without raising."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.accounts.logindefs import parse_login_defs, parse_pwquality
from garrison.facts.accounts.pam import parse_pam
from garrison.facts.accounts.passwd import parse_group, parse_passwd
from garrison.facts.accounts.shadow import parse_shadow
from garrison.facts.accounts.sudoers import parse_sudoers

PARSERS: list[Callable[[str, str], object]] = [
    parse_passwd,
    parse_group,
    parse_shadow,
    parse_login_defs,
    parse_pwquality,
    parse_pam,
    parse_sudoers,
]
# Text biased towards the characters these formats care about.
SYNTAX = st.text(
    alphabet=st.sampled_from(list(':,=#@!%()[]{}\\"$*/ \t\nabcALLNOPASSWD:0123456789')), max_size=300
)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.text(max_size=300), SYNTAX))
def test_parsers_never_raise(parser: Callable[[str, str], object], text: str) -> None:
    _model, issues = parser(text, "/etc/x")  # type: ignore[misc]
    assert isinstance(issues, tuple)
