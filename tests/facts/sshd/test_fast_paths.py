"""The sshd parser's shortcuts give what the step-by-step reading gives (issue 7, class 7: bounded time).

Plain lines are split at their blanks in one step, Match address lists are checked with integer arithmetic,
and the Match blocks that set a keyword are indexed once: each must agree with the reference on any input.
"""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.sshd.effective import global_settings
from garrison.facts.sshd.lexer import (
    split_line,
    split_line_stepwise,
    strdelim_words,
    strdelim_words_stepwise,
)
from garrison.facts.sshd.match import addr_match_list, parse_match
from garrison.facts.sshd.model import SshdFacts
from garrison.facts.sshd.parse import parse_sshd_config

#: the characters that decide how a line is cut, and a few that only look like separators
PIECES = st.sampled_from(
    [" ", "  ", "\t", "=", '"', "'", "\\", "#", "\r", "\f", "\v", "\xa0", "\u2003", "\x1c", "Port", "22",
     "Match", "User", "a", "b,c", "!d", "PasswordAuthentication", "no", "Address", "10.0.0.0/8", "é"]
)  # fmt: skip
LINES = st.one_of(st.lists(PIECES, max_size=12).map("".join), st.text(max_size=40))


@settings(max_examples=600, deadline=None)
@given(LINES)
def test_split_line_agrees_with_strdelim_and_argv_split(line: str) -> None:
    assert split_line(line) == split_line_stepwise(line)


@settings(max_examples=600, deadline=None)
@given(LINES)
def test_match_words_agree_with_strdelim(text: str) -> None:
    assert strdelim_words(text) == strdelim_words_stepwise(text)


OCTETS = st.one_of(st.integers(0, 255).map(str), st.sampled_from(["00", "01", "256", "1000", "", "a", "٣"]))
ENTRIES = st.one_of(
    st.builds(
        lambda parts, bits: ".".join(parts) + bits,
        st.lists(OCTETS, min_size=3, max_size=5),
        st.one_of(st.just(""), st.integers(0, 40).map(lambda n: f"/{n}"), st.sampled_from(["/", "/x", "/٣"])),
    ),
    st.sampled_from(["::1", "2001:db8::/32", "2001:db8::1/32", "*", "10.0.0.*", "", "host.example"]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.booleans(), ENTRIES), min_size=1, max_size=4))
def test_match_address_check_agrees_with_addr_match_list(entries: list[tuple[bool, str]]) -> None:
    patterns = ",".join(("!" if negated else "") + entry for negated, entry in entries)
    refused = parse_match(f"Address {patterns}").error is not None
    assert refused == (addr_match_list(None, patterns) != 0), patterns


def test_match_address_with_host_bits_is_refused_like_ipaddress_refuses_it() -> None:
    for text in ("10.0.0.1/8", "10.0.0.0/8", "0.0.0.0/0", "1.0.0.0/0", "192.0.2.128/25", "192.0.2.129/25"):
        strict = True
        try:
            ipaddress.ip_network(text, strict=True)
        except ValueError:
            strict = False
        assert (parse_match(f"Address {text}").error is None) == strict, text


def test_a_prefix_int_cannot_read_is_a_pattern_not_a_crash() -> None:
    assert addr_match_list(None, "10.0.0.0/²") == 0  # str.isdigit("²") is True, int("²") raises


BLOCK_LINES = st.sampled_from(
    ["Match User a", "Match Address 10.0.0.0/8", "Match All", "  X11Forwarding yes", "  X11Forwarding no",
     "  PasswordAuthentication no", "  AllowTcpForwarding local", "  PermitRootLogin no", "Port 22"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(BLOCK_LINES, max_size=25))
def test_blocks_setting_index_agrees_with_a_scan_of_the_blocks(lines: list[str]) -> None:
    tree, issues = parse_sshd_config("\n".join(lines), "/etc/ssh/sshd_config")
    settings_, blocks, problems = global_settings(tree)
    if issues or problems:
        return
    facts = SshdFacts("/etc/ssh/sshd_config", settings_, blocks, tree)
    keywords = {d.keyword for block in blocks for d in block.directives} | {"ciphers"}
    for keyword in keywords:
        scan = tuple(
            (block, found)
            for block in blocks
            if block.reachable and (found := block.first(keyword)) is not None
        )
        assert facts.blocks_setting(keyword) == scan
