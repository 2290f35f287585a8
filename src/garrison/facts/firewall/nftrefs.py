"""What nft rules refer to by name: the chains they jump to and the sets and maps they name.

After `flush ruleset` only what the script itself defines exists, so a jump to a chain or an `@set` that
the table never defines makes `nft -f` refuse the rule ("No such file or directory"); a chain or set
defined later in the script is fine. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from garrison.facts.firewall.model import FwRule
from garrison.facts.firewall.nftmodel import TableAcc
from garrison.facts.firewall.nftsyntax import Item, flat
from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue


@dataclass(frozen=True, slots=True)
class Reference:
    table: TableAcc
    chain: bool  # a chain it jumps to; else a set or map it names
    name: str
    where: Location


def references(
    table: TableAcc, st: Sequence[Item], rules: Sequence[FwRule], where: Location
) -> list[Reference]:
    """The chains one rule statement jumps to and the sets and maps it names."""
    found = [
        Reference(table, True, rule.target[len(table.prefix) :], where)
        for rule in rules
        if rule.jump and rule.target.startswith(table.prefix)
    ]
    for item in st:
        found += [
            Reference(table, False, text[1:], where) for text in flat(item) if text[:1] == "@" and text[1:]
        ]
    return found


def unresolved(refs: Sequence[Reference]) -> list[ParseIssue]:
    """An issue for each reference its table never defines."""
    issues: list[ParseIssue] = []
    for ref in refs:
        known = ref.table.chains if ref.chain else ref.table.sets
        if ref.name not in known:
            what = "jumps to chain" if ref.chain else "names set or map"
            message = (
                f"the rule {what} {shown(ref.name)}, which table {shown(ref.table.name)} does not define"
            )
            issues.append(ParseIssue(ref.where, message + " (nft refuses it)"))
    return issues
