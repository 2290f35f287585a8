"""`nft -a list ruleset` lines for live nftables evidence: the index, its use for the JSON, its fallback."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.firewall.model import Family
from garrison.facts.firewall.nftjson import NFT_COMMAND, parse_nft_json
from garrison.facts.firewall.nftlisting import NFT_LISTING, parse_nft_listing
from garrison.model import Location

#: Real dumps of one ruleset (nftables 1.0.6): `nft -j list ruleset` and `nft -a list ruleset`.
CASES = Path(__file__).resolve().parents[2] / "cases"
CASE = CASES / "firewall.ssh-source-restricted" / "fail-live-nft-listing"
JSON_TEXT = (CASE / "nft.json").read_text()
LISTING_TEXT = (CASE / "nft-a.txt").read_text()


def _located(text: str) -> dict[str, Location]:
    rulesets, issues = parse_nft_json(JSON_TEXT, listing=parse_nft_listing(text))
    assert issues == ()
    ipv4 = next(r for r in rulesets if r.family is Family.IPV4)
    found = {rule.text: rule.location for rule in ipv4.rules()}
    for chain in ipv4.base_chains("input"):
        assert chain.policy_location is not None
        found["policy"] = chain.policy_location
    return found


def test_listing_index_by_handle_and_chain() -> None:
    listing = parse_nft_listing(LISTING_TEXT)
    assert listing.rule_line("inet", "filter", "input", 8) == 13  # tcp dport 22 accept # handle 8
    assert listing.rule_line("inet", "filter", "forward", 8) is None  # not in that chain
    assert listing.rule_line("inet", "filter", "input", 3) is None  # handle 3 is the set, not a rule
    assert listing.chains[("inet", "filter", "input")] == 9  # its `type ... hook input ...; policy drop;`


def test_rules_and_policies_are_located_in_the_listing() -> None:
    found = _located(LISTING_TEXT)
    lines = LISTING_TEXT.splitlines()
    for text, location in found.items():
        assert location.path == NFT_LISTING and location.line is not None, text
        printed = lines[location.line - 1]
        if text == "policy":
            assert "policy drop;" in printed
        else:
            assert printed.rstrip().endswith(text.rsplit("#", 1)[1].strip()), (text, printed)


def test_a_listing_of_another_state_is_not_used() -> None:
    """Between the two commands the ruleset may change: a rule missing from the listing (or printed in
    another chain) makes every location fall back to the JSON command, never a wrong line."""
    stale = LISTING_TEXT.replace("# handle 8", "# handle 99")
    assert {loc.path for loc in _located(stale).values()} == {NFT_COMMAND}
    rule = "\t\ttcp dport 22 accept # handle 8\n"
    forward = "\t\ttype filter hook forward priority filter; policy drop;\n"
    moved = LISTING_TEXT.replace(rule, "").replace(forward, forward + rule)
    assert moved != LISTING_TEXT and parse_nft_listing(moved).rule_line("inet", "filter", "forward", 8)
    assert {loc.path for loc in _located(moved).values()} == {NFT_COMMAND}
    assert {loc.path for loc in _located("").values()} == {NFT_COMMAND}


def test_without_a_listing_rules_cite_the_json_command() -> None:
    rulesets, _ = parse_nft_json(JSON_TEXT)
    assert {r.location.path for rs in rulesets for r in rs.rules()} == {NFT_COMMAND}
    assert json.loads(JSON_TEXT)["nftables"]  # the fixture is real JSON


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(
            st.sampled_from(["table", "inet", "f", "{", "}", "chain", "input", "# handle", "7", "\n", "\t",
                             "type", "filter", "hook", "policy", "drop;", '"', "set", "x"]),
            max_size=80,
        ).map(" ".join),
    )
)  # fmt: skip
def test_parse_nft_listing_never_raises(text: str) -> None:
    parse_nft_listing(text)
    parse_nft_json(JSON_TEXT, listing=parse_nft_listing(text))
