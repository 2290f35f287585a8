"""What an nft script or `nft -j list ruleset` builds up, table by table, and the `Ruleset`s it becomes.

Tables of family `inet` filter IPv4 and IPv6, `ip` only IPv4, `ip6` only IPv6; bridge/arp/netdev tables
filter neither. A base chain is a `type filter` chain on the input, forward or output hook; without
`policy` it accepts (nft(8)). Prerouting filter chains are kept with their priority for their `notrack`
rules (which only work before conntrack, priority -200). Dormant tables filter nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from garrison.facts.firewall.model import Action, Chain, Family, FwRule, Ruleset, RulesetKind
from garrison.model import Location

_FILTER_HOOKS = frozenset({"input", "forward", "output"})
#: nft(8)'s standard priority names for the ip, ip6 and inet families.
PRIORITIES = {"raw": -300, "mangle": -150, "dstnat": -100, "filter": 0, "security": 50, "srcnat": 100}
_PRIORITY = re.compile(r"(?P<name>[a-z]+)?\s*(?P<offset>[+-]?\s*\d+)?")


def chain_priority(text: str) -> int | None:
    """`raw`, `-300`, `filter + 10`, `raw-10` -> the number; None when it is none of those."""
    found = _PRIORITY.fullmatch(text.strip())
    if found is None or not (found.group("name") or found.group("offset")):
        return None
    name = found.group("name")
    if name is not None and name not in PRIORITIES:
        return None
    offset = (found.group("offset") or "0").replace(" ", "")
    return (PRIORITIES[name] if name else 0) + int(offset)


@dataclass(slots=True)
class ChainAcc:
    name: str
    hook: str | None = None
    type: str | None = None
    policy: Action | None = None
    policy_location: Location | None = None
    priority: int | None = None
    rules: list[FwRule] = field(default_factory=list)


@dataclass(slots=True)
class TableAcc:
    family: str
    name: str
    chains: dict[str, ChainAcc] = field(default_factory=dict)
    sets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dormant: bool = False

    @property
    def prefix(self) -> str:
        return f"{self.family} {self.name} "

    def chain(self, name: str) -> ChainAcc:
        return self.chains.setdefault(name, ChainAcc(name))


def table_families(family: str) -> tuple[Family, ...]:
    return {"ip": (Family.IPV4,), "ip6": (Family.IPV6,), "inet": (Family.IPV4, Family.IPV6)}.get(family, ())


def to_rulesets(
    tables: Mapping[tuple[str, str], TableAcc], source: str, *, live: bool, location: Location | None
) -> tuple[Ruleset, ...]:
    """One `Ruleset` per address family that some (non-dormant) table filters."""
    out: list[Ruleset] = []
    for family in (Family.IPV4, Family.IPV6):
        chains: list[Chain] = []
        for table in tables.values():
            if table.dormant or family not in table_families(table.family):
                continue
            for acc in table.chains.values():
                base = acc.type == "filter" and acc.hook in _FILTER_HOOKS
                raw = acc.type == "filter" and acc.hook == "prerouting"  # kept for its notrack rules
                chains.append(
                    Chain(
                        table.prefix + acc.name,
                        tuple(acc.rules),
                        acc.hook if base or raw else None,
                        (acc.policy or Action.ACCEPT) if base or raw else None,
                        acc.policy_location,
                        acc.priority if base or raw else None,
                    )
                )
        if chains:
            out.append(
                Ruleset(source, RulesetKind.NFTABLES, family, tuple(chains), live=live, location=location)
            )
    return tuple(out)
