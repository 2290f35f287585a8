"""Property tests: every packages parser accepts arbitrary text without raising."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.packages.aptconf import parse_apt_conf
from garrison.facts.packages.dpkg import parse_dpkg_status, parse_showhold
from garrison.facts.packages.services import parse_list_unit_files

PARSERS: list[Callable[[str, str], object]] = [parse_dpkg_status, parse_apt_conf, parse_list_unit_files]
SYNTAX = st.text(alphabet=st.sampled_from(list('{};:"/*#\\ \t\nPackage Status:install ok.')), max_size=300)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.text(max_size=300), SYNTAX))
def test_parsers_never_raise(parser: Callable[[str, str], object], text: str) -> None:
    _model, issues = parser(text, "/x")  # type: ignore[misc]
    assert isinstance(issues, tuple)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_showhold_never_raises(text: str) -> None:
    assert isinstance(parse_showhold(text), tuple)
