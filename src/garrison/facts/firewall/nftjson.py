"""`nft -j list ruleset` (libnftables JSON, nftables 1.0.6) -> `Ruleset`s per family.

Each JSON rule expression is turned back into the nft words it stands for (`{"match": {"left": {"payload":
{"protocol": "tcp", "field": "dport"}}, "right": 22}}` -> `tcp dport == 22`) and converted by the same code
as /etc/nftables.conf (`garrison.facts.firewall.nftrule`), so both sources mean the same. Expressions
without a word form (iptables-nft's `xt` matches, ...) become opaque matches. The JSON has no line numbers:
given the `nft -a list ruleset` listing of the same state (`garrison.facts.firewall.nftlisting`), rules
and policies are located at their lines there; otherwise at the command. Rule text ends with `# handle N`.
Pure; never raises.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from garrison.facts.firewall.model import Action, Ruleset
from garrison.facts.firewall.nftlisting import NFT_LISTING, NftListing
from garrison.facts.firewall.nftmodel import TableAcc, to_rulesets
from garrison.facts.firewall.nftrule import convert_rule
from garrison.facts.firewall.nftsyntax import Block, Item, Tok
from garrison.model import Location, ParseIssue

NFT_COMMAND = "nft -j list ruleset"
_VERDICT_KEYS = ("accept", "drop", "reject", "return", "continue", "queue")


def _value(node: Any) -> list[Item]:
    if isinstance(node, dict):
        if "set" in node:
            elems = node["set"] if isinstance(node["set"], list) else [node["set"]]
            return [Block(tuple(tuple(_value(e)) for e in elems), 0)]
        if "prefix" in node and isinstance(node["prefix"], dict):
            return [Tok(f"{node['prefix'].get('addr')}/{node['prefix'].get('len')}", 0)]
        if isinstance(node.get("concat"), list):  # 10.0.0.1 . 5432
            parts = [_value(part) for part in node["concat"]]
            return [tok for i, part in enumerate(parts) for tok in ([Tok(".", 0)] if i else []) + part]
        if "range" in node and isinstance(node["range"], list) and len(node["range"]) == 2:
            low, high = node["range"]
            return [Tok(f"{low}-{high}", 0)]
        return [Tok("<expr>", 0)]
    if isinstance(node, list):
        return [Block(tuple(tuple(_value(e)) for e in node), 0)] if node else [Tok("<empty>", 0)]
    if isinstance(node, bool) or node is None:
        return [Tok(str(node).lower(), 0)]
    return [Tok(str(node), 0)]


def _selector(node: Any) -> list[str]:
    if not isinstance(node, dict):
        return ["<expr>"]
    if "payload" in node and isinstance(node["payload"], dict):
        payload = node["payload"]
        return [str(payload.get("protocol", "th")), str(payload.get("field", "?"))]
    if "meta" in node and isinstance(node["meta"], dict):
        key = str(node["meta"].get("key", "?"))
        return [key] if key in ("iif", "iifname", "oif", "oifname") else ["meta", key]
    if "ct" in node and isinstance(node["ct"], dict):
        return ["ct", str(node["ct"].get("key", "?"))]
    if isinstance(node.get("concat"), list):  # ip saddr . tcp dport
        return [w for i, part in enumerate(node["concat"]) for w in (["."] if i else []) + _selector(part)]
    if isinstance(node.get("&"), list) and len(node["&"]) == 2:  # tcp flags & (syn|ack)
        return [*_selector(node["&"][0]), "&", _bits(node["&"][1])]
    return [next(iter(node), "<expr>")]


def _bits(node: Any) -> str:
    """A flag value: `syn`, or a list of flags or'ed together, `(syn|ack)`."""
    return "(" + "|".join(str(v) for v in node) + ")" if isinstance(node, list) else str(node)


def _is_flags(left: Any) -> bool:
    words = _selector(left)
    return words[:2] == ["tcp", "flags"]


def _words(expr: Any) -> list[Item]:
    if not isinstance(expr, dict) or not expr:
        return [Tok("<expr>", 0)]
    key, body = next(iter(expr.items()))
    if key == "match" and isinstance(body, dict):
        op = {"in": "==", "==": "==", "!=": "!="}.get(str(body.get("op", "==")), str(body.get("op")))
        left, right = body.get("left"), body.get("right")
        if _is_flags(left):  # `in` is nft's implicit flag test (some bit set): no operator word
            value = [Tok(_bits(right), 0)] if isinstance(right, list | str) else _value(right)
            shown = [] if body.get("op") == "in" else [Tok(op, 0)]
            return [*(Tok(w, 0) for w in _selector(left)), *shown, *value]
        return [*(Tok(w, 0) for w in _selector(left)), Tok(op, 0), *_value(right)]
    if key == "reject" and isinstance(body, dict) and body.get("type") in ("icmp", "icmpv6"):
        return [Tok("reject", 0), Tok("with", 0), Tok(str(body["type"]), 0)]  # an IPv4- or IPv6-only reject
    if key in _VERDICT_KEYS:
        return [Tok(key, 0)]
    if key in ("jump", "goto") and isinstance(body, dict):
        return [Tok(key, 0), Tok(str(body.get("target", "?")), 0)]
    if key in ("counter", "log", "comment", "notrack"):
        return [Tok(key, 0)]
    if key == "limit" and isinstance(body, dict):
        over = [Tok("over", 0)] if body.get("inv") else []
        return [Tok("limit", 0), Tok("rate", 0), *over, Tok(f"{body.get('rate')}/{body.get('per')}", 0)]
    if key == "vmap" and isinstance(body, dict):
        pairs: list[tuple[Item, ...]] = []
        data = body.get("data", {})
        if isinstance(data, str) and data.startswith("@"):  # a named map
            return [*(Tok(w, 0) for w in _selector(body.get("key"))), Tok("vmap", 0), Tok(data, 0)]
        for entry in data.get("set", []) if isinstance(data, dict) else []:
            if isinstance(entry, list) and len(entry) == 2:
                verdict = _words(entry[1])
                pairs.append((*_value(entry[0]), Tok(":", 0), *verdict))
        return [*(Tok(w, 0) for w in _selector(body.get("key"))), Tok("vmap", 0), Block(tuple(pairs), 0)]
    return [Tok(f"<{key}>", 0)]


def _element(entry: Any) -> list[Item]:
    """A set element's words, or a map element's `key : verdict` (`[22, {"accept": null}]`)."""
    if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], dict):
        return [*_value(entry[0]), Tok(":", 0), *_words(entry[1])]
    return _value(entry)


def _lines_agree(items: list[Any], listing: NftListing) -> bool:
    """Every chain and rule of the JSON is printed in the listing, each rule in the same chain (both dumps
    show the same state)."""
    for item in items:
        if not isinstance(item, dict):
            continue
        if isinstance(chain := item.get("chain"), dict):
            key = (str(chain.get("family", "")), str(chain.get("table", "")), str(chain.get("name", "")))
            if key not in listing.chains:
                return False
        if isinstance(body := item.get("rule"), dict):
            family, table, name = (str(body.get(k, "")) for k in ("family", "table", "chain"))
            if listing.rule_line(family, table, name, body.get("handle")) is None:
                return False
    return True


@dataclass(frozen=True, slots=True)
class _Lines:
    """Where items are located: their line in the `nft -a` listing when it agrees, else the JSON command."""

    where: Location
    listing: NftListing | None

    def at(self, line: int | None) -> Location:
        return self.where if self.listing is None or line is None else Location(NFT_LISTING, line)


def _add(table: TableAcc, kind: str, body: dict[str, Any], key: tuple[str, str], lines: _Lines) -> None:
    """One table, set, chain or rule item of the JSON into its table."""
    family, name = key
    listing = lines.listing
    if kind == "table":
        flags = body.get("flags", [])
        table.dormant = "dormant" in (flags if isinstance(flags, list) else [flags])
    elif kind in ("set", "map"):
        elems = body.get("elem", [])
        table.sets[str(body.get("name"))] = tuple(
            w.text
            for e in (elems if isinstance(elems, list) else [])
            for w in _element(e)
            if isinstance(w, Tok)
        )
    elif kind == "chain":
        chain = table.chain(str(body.get("name")))
        chain.type, chain.hook = body.get("type"), body.get("hook")
        prio = body.get("prio")
        chain.priority = prio if isinstance(prio, int) and not isinstance(prio, bool) else None
        if body.get("policy") is not None:
            line = None if listing is None else listing.chains.get((family, name, chain.name))
            policy = Action.parse(str(body["policy"])) or Action.ACCEPT  # nft prints accept or drop
            chain.policy, chain.policy_location = policy, lines.at(line)
    else:
        chain = table.chain(str(body.get("chain")))
        exprs = body.get("expr", [])
        words = [w for e in (exprs if isinstance(exprs, list) else []) for w in _words(e)]
        handle = body.get("handle")
        line = None if listing is None else listing.rule_line(family, name, chain.name, handle)
        rules = convert_rule(
            words, lines.at(line), table_family=family, qualify=table.prefix, sets=table.sets
        )
        chain.rules.extend(replace(r, text=f"{r.text} # handle {handle}") for r in rules)


def parse_nft_json(
    text: str,
    source: str = NFT_COMMAND,
    *,
    exclude: Collection[tuple[str, str]] = (),
    listing: NftListing | None = None,
) -> tuple[tuple[Ruleset, ...], tuple[ParseIssue, ...]]:
    """Parse the JSON of `nft -j list ruleset`, leaving out the `(family, table)` pairs in `exclude`.
    With the `nft -a list ruleset` listing of the same state, rules and policies are located at their lines
    in it (`NFT_LISTING`:line); without it, or when the two disagree, at the JSON command. Pure; never
    raises."""
    where = Location(source)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return (), (ParseIssue(where, f"not valid JSON: {exc}"),)
    items = data.get("nftables") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return (), (ParseIssue(where, 'no "nftables" list in the JSON'),)
    lines = listing if listing is not None and _lines_agree(items, listing) else None
    tables: dict[tuple[str, str], TableAcc] = {}
    for item in items:
        if not isinstance(item, dict) or not item:
            continue
        kind, body = next(iter(item.items()))
        if not isinstance(body, dict) or kind not in ("table", "chain", "rule", "set", "map"):
            continue
        family = str(body.get("family", "ip"))
        name = str(body.get("name" if kind == "table" else "table", ""))
        if (family, name) not in exclude:
            table = tables.setdefault((family, name), TableAcc(family, name))
            _add(table, kind, body, (family, name), _Lines(where, lines))
    return to_rulesets(
        tables, source, live=True, location=where if lines is None else Location(NFT_LISTING)
    ), ()
