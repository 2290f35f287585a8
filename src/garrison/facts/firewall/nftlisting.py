"""Where each rule and base chain is printed in `nft -a list ruleset` (nftables 1.0.6 text, with handles).

The live verdicts come from `nft -j list ruleset` (`garrison.facts.firewall.nftjson`), whose JSON has no
lines. The text listing with `-a` prints the same objects, each rule ending in `# handle N`:

    table inet filter { # handle 1
        chain input { # handle 1
                type filter hook input priority filter; policy drop;
                tcp dport 22 accept # handle 8

so evidence can cite `nft -a list ruleset:4` for the rule whose JSON handle is 8. Handles are unique
within a table; a chain is found by name. Pure; never raises.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

NFT_LISTING = "nft -a list ruleset"
NFT_LISTING_COMMAND = ("nft", "-a", "list", "ruleset")

_TABLE = re.compile(r"^\s*table\s+(\S+)\s+(\S+)\s*\{")
_CHAIN = re.compile(r"^\s*chain\s+(\S+)\s*\{")
_HOOK = re.compile(r"^\s*type\s+\S+\s+hook\s")
_HANDLE = re.compile(r"#\s*handle\s+(\d+)\s*$")


@dataclass(frozen=True, slots=True)
class NftListing:
    """`rules`: (family, table, handle) -> (chain, line); `chains`: (family, table, chain) -> the line of
    its `type ... hook ...; policy ...;` statement (its header line for a regular chain)."""

    rules: Mapping[tuple[str, str, int], tuple[str, int]] = field(default_factory=dict)
    chains: Mapping[tuple[str, str, str], int] = field(default_factory=dict)

    def rule_line(self, family: str, table: str, chain: str, handle: object) -> int | None:
        """The line of the rule with that handle, if it is printed in that chain."""
        if not isinstance(handle, int) or isinstance(handle, bool):
            return None
        found = self.rules.get((family, table, handle))
        return found[1] if found is not None and found[0] == chain else None


def _name(text: str) -> str:
    return text.strip('"')


def parse_nft_listing(text: str) -> NftListing:
    """Index the rules and chains of an `nft -a list ruleset` listing by handle and name."""
    rules: dict[tuple[str, str, int], tuple[str, int]] = {}
    chains: dict[tuple[str, str, str], int] = {}
    table: tuple[str, str] | None = None
    chain: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if (found := _TABLE.match(line)) is not None:
            table, chain = (found.group(1), _name(found.group(2))), None
            continue
        if table is None:
            continue
        if (found := _CHAIN.match(line)) is not None:
            chain = _name(found.group(1))
            chains[(*table, chain)] = number
            continue
        if chain is None or line.strip() == "}":
            if line.strip() == "}":
                chain = None
            continue
        if _HOOK.match(line):
            chains[(*table, chain)] = number
        elif (found := _HANDLE.search(line)) is not None:
            rules[(*table, int(found.group(1)))] = (chain, number)
    return NftListing(rules, chains)
