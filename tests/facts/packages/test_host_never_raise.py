"""Property tests: the sources, package-list, reboot and process-map parsers accept arbitrary input."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.packages.lists import IndexUnreadable, decompress, parse_packages_index
from garrison.facts.packages.reboot import parse_build, parse_reboot_packages
from garrison.facts.packages.restarts import parse_cgroup_unit, parse_maps
from garrison.facts.packages.sources import parse_sources_deb822, parse_sources_list

SOURCES = st.text(alphabet=st.sampled_from(list("[]=#:\n \t.-/deb-src Types URIs Suites yes")), max_size=300)
LINES = st.text(alphabet=st.sampled_from(list("Package: Version:\n 0123456789.:~+-(deleted)/usr/lib.so x")))


@pytest.mark.parametrize("parser", [parse_sources_list, parse_sources_deb822], ids=lambda p: p.__name__)
@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.text(max_size=300), SOURCES))
def test_sources_parsers_never_raise(
    parser: Callable[[str, str], tuple[tuple[object, ...], tuple[object, ...]]], text: str
) -> None:
    entries, issues = parser(text, "/x")
    assert isinstance(entries, tuple) and isinstance(issues, tuple)


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.text(max_size=300), LINES))
def test_line_parsers_never_raise(text: str) -> None:
    assert isinstance(parse_packages_index(text, "/x"), dict)
    assert isinstance(parse_maps(text), tuple)
    assert parse_cgroup_unit(text) is None or parse_cgroup_unit(text)
    assert isinstance(parse_reboot_packages(text), tuple)
    assert parse_build(text, text, text) is None or isinstance(parse_build(text, text, text), str)


@pytest.mark.parametrize("compression", ["", "gz", "xz", "bz2", "lz4", "zst"])
@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=200))
def test_decompress_raises_only_its_own_error(compression: str, data: bytes) -> None:
    with contextlib.suppress(IndexUnreadable):
        assert isinstance(decompress(data, compression), bytes)
