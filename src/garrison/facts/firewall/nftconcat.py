"""nft values, verdict maps and concatenations: port words, `vmap` entries, `ip saddr . tcp dport { ... }`.

A verdict map (`tcp dport vmap { 22 : accept, 80 : jump web }`, or `@name` for a named `map`) stands for one
rule per entry (`expand_vmap`).

A concatenated match or verdict map stands for one rule per element: element `a . b` of
`ip saddr . tcp dport` is the rule `ip saddr a tcp dport b` with the statement's other matches and its verdict
(the element's own, for a map). `expand_concat` rewrites a statement into those rules' words, so that the
one rule converter (`nftrule`) reads them; anonymous sets and maps and named ones (`@name`, from the table's
`set`/`map` elements) alike. Pure; never raises.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from garrison.facts.firewall.iptables import parse_ports
from garrison.facts.firewall.model import FwRule, PortRange
from garrison.facts.firewall.nftsyntax import Block, Item, Tok, flat

SERVICES = {
    "ssh": 22, "smtp": 25, "domain": 53, "http": 80, "https": 443, "ftp": 21, "telnet": 23, "imap": 143,
    "imaps": 993, "pop3": 110, "pop3s": 995, "submission": 587, "submissions": 465, "ntp": 123,
    "xmpp-client": 5222, "xmpp-server": 5269, "postgresql": 5432, "mysql": 3306, "mqtt": 1883,
    "epmd": 4369, "sunrpc": 111, "bootps": 67, "bootpc": 68, "snmp": 161, "sip": 5060, "ldap": 389,
    "microsoft-ds": 445, "netbios-ns": 137, "rsync": 873, "redis": 6379, "mongodb": 27017,
}  # fmt: skip
VERDICTS = {"accept": "ACCEPT", "drop": "DROP", "reject": "REJECT", "return": "RETURN", "continue": ""}

#: Selectors of one word (`iifname eth0`); every other selector is two (`ip saddr`, `tcp dport`).
_ONE_WORD = frozenset({"iif", "iifname", "oif", "oifname"})
#: More elements than this are not expanded (the statement stays one rule with an unmodelled match).
MAX_ELEMENTS = 4096


def nft_ports(values: list[str]) -> tuple[PortRange, ...] | None:
    """Port words (numbers, ranges, service names) -> ranges; None when one is not a port."""
    ranges: list[PortRange] = []
    for value in values:
        if value in SERVICES:
            ranges.append(PortRange(SERVICES[value], SERVICES[value]))
            continue
        parsed = parse_ports(value)
        if parsed is None:
            return None
        ranges.extend(parsed)
    return tuple(ranges) or None


def _text(item: Item | None) -> str:
    return item.text if isinstance(item, Tok) else ""


def _selectors(items: Sequence[Item], dot: int) -> tuple[int, int, list[list[Item]]] | None:
    """(start, end, selectors) of the concatenation around the first `.` at `dot`."""
    width = 1 if _text(items[dot - 1]) in _ONE_WORD else 2
    start = dot - width
    if start < 0:
        return None
    parts = [list(items[start:dot])]
    i = dot
    while i < len(items) and _text(items[i]) == ".":
        width = 1 if _text(items[i + 1] if i + 1 < len(items) else None) in _ONE_WORD else 2
        parts.append(list(items[i + 1 : i + 1 + width]))
        i += 1 + width
    if any(not p or not all(isinstance(x, Tok) for x in p) for p in parts):
        return None
    return start, i, parts


def elements(words: Sequence[str], width: int, verdicts: bool) -> list[tuple[list[str], list[str]]] | None:
    """`a . b [: verdict [chain]]`, ... (commas already dropped) -> [(key parts, verdict words)]."""
    out: list[tuple[list[str], list[str]]] = []
    j = 0
    while j < len(words):
        key = [words[j]]
        j += 1
        while len(key) < width and j + 1 < len(words) and words[j] == ".":
            key.append(words[j + 1])
            j += 2
        verdict: list[str] = []
        if verdicts:
            if j + 1 >= len(words) or words[j] != ":":
                return None
            verdict = [words[j + 1]]
            j += 2
            if verdict[0] in ("jump", "goto") and j < len(words):
                verdict.append(words[j])
                j += 1
        if len(key) != width:
            return None
        out.append((key, verdict))
    return out


def expand_concat(items: Sequence[Item], sets: Mapping[str, tuple[str, ...]]) -> list[list[Item]] | None:
    """The statements a concatenated match or map stands for; None when `items` has no concatenation (or
    one this cannot read: negated, too many elements, a named set that is not there)."""
    dot = next((i for i, item in enumerate(items) if _text(item) == "." and i > 0), None)
    found = _selectors(items, dot) if dot is not None else None
    if found is None:
        return None
    start, end, parts = found
    vmap = _text(items[end] if end < len(items) else None) == "vmap"
    at = end + 1 if vmap else end
    if at < len(items) and _text(items[at]) in ("==", "eq"):
        at += 1
    source = items[at] if at < len(items) else None
    if isinstance(source, Block):
        words = flat(source)
    elif _text(source).startswith("@") and _text(source)[1:] in sets:
        words = list(sets[_text(source)[1:]])
    else:
        return None
    parsed = elements(words, len(parts), vmap)
    if parsed is None or len(parsed) > MAX_ELEMENTS:
        return None
    head, tail = list(items[:start]), list(items[at + 1 :])
    line = items[start].line
    out: list[list[Item]] = []
    for key, verdict in parsed:
        body: list[Item] = [
            tok for part, value in zip(parts, key, strict=True) for tok in (*part, Tok(value, line))
        ]
        out.append([*head, *body, *tail, *(Tok(w, line) for w in verdict)])
    return out


def expand_vmap(base: FwRule, selector: str, pairs: list[tuple[str, str]], qualify: str) -> list[FwRule]:
    """One rule per verdict map entry: `base` with the entry's key on the map's selector and its verdict."""
    rules: list[FwRule] = []
    for key, verdict in pairs:
        jump = verdict.startswith(("jump ", "goto "))
        target = f"{qualify}{verdict.split()[1]}" if jump else VERDICTS.get(verdict, verdict.upper())
        changes: dict[str, Any] = {"target": target, "jump": jump, "goto": verdict.startswith("goto ")}
        if selector == "ct":
            changes["ct_states"] = (key.upper(),)
        elif selector == "dport":
            ports = nft_ports([key])
            if ports is None:
                changes["opaque"] = (*base.opaque, f"dport {key}")
            else:
                changes["dports"] = ports
        elif selector == "iif":
            changes["in_iface"] = key.strip('"')
        elif selector == "saddr":
            changes["source"] = key
        elif selector == "daddr":
            changes["destination"] = key
        elif selector == "l4proto":
            changes["proto"] = key
        else:
            changes["opaque"] = (*base.opaque, f"vmap key {key}")
        rules.append(replace(base, **changes))
    return rules


_MAX_COMPARED = 256  # map entries compared pairwise for conflicts (larger maps are not checked)


def _overlap(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    try:
        return ipaddress.ip_network(a, strict=False).overlaps(ipaddress.ip_network(b, strict=False))
    except (ValueError, TypeError):
        return a == b


def _ports_overlap(a: tuple[PortRange, ...], b: tuple[PortRange, ...]) -> bool:
    if not a or not b:
        return a == b
    return any(x.low <= y.high and y.low <= x.high for x in a for y in b)


def map_conflict(rules: Sequence[FwRule]) -> tuple[FwRule, FwRule] | None:
    """Two entries of one verdict map whose keys overlap (`1-100` and `50`, `10.0.0.0/8` and `10.1.0.0/16`,
    the same key twice): nft refuses the rule ("conflicting intervals specified", "File exists")."""
    if len(rules) > _MAX_COMPARED:
        return None
    for i, a in enumerate(rules):
        for b in rules[i + 1 :]:
            same = (a.ct_states, a.in_iface, a.proto) == (b.ct_states, b.in_iface, b.proto)
            addresses = _overlap(a.source, b.source) and _overlap(a.destination, b.destination)
            if same and addresses and _ports_overlap(a.dports, b.dports):
                return a, b
    return None
