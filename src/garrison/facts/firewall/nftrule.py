"""One nft(8) rule statement (nftables 1.0.6 syntax) -> `FwRule`s.

Understood: `iif`/`iifname`, `meta l4proto|iif|iifname|nfproto`, `ct state`, `tcp|udp|sctp|th dport|sport`,
`tcp flags`,
`ip|ip6 saddr|daddr|protocol|nexthdr`, `icmp`/`icmpv6 type`, `limit rate [over]`, `counter`, `log`,
`comment`, verdicts (`accept`, `drop`, `reject [with ...]`, `return`, `jump`, `goto`), anonymous sets,
`$defines`, named `@sets`, verdict maps, anonymous or named (`ct state vmap { established : accept, ... }`,
`tcp dport vmap @ports`: one rule per entry), and concatenations (`ip saddr . tcp dport { ... }`, see
`nftconcat`). Anything else is kept as an opaque match. Pure; never raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from garrison.facts.firewall.fwrule import nft_tcp_flags
from garrison.facts.firewall.model import Family, FwRule
from garrison.facts.firewall.nftconcat import VERDICTS, elements, expand_concat, expand_vmap, nft_ports
from garrison.facts.firewall.nftsyntax import Block, Item, Tok, flat, render
from garrison.model import Location

_L4 = frozenset({"tcp", "udp", "sctp", "dccp", "udplite"})
_OPS = {"==": False, "eq": False, "!=": True, "ne": True}
_STOP = frozenset(
    {"iif", "iifname", "oif", "oifname", "meta", "ct", "tcp", "udp", "sctp", "th", "ip", "ip6", "icmp",
     "icmpv6", "limit", "counter", "log", "comment", "jump", "goto", "queue", "fib", "vmap", "notrack",
     *VERDICTS}
)  # fmt: skip


class _Reader:
    def __init__(
        self,
        items: Sequence[Item],
        defines: Mapping[str, tuple[str, ...]],
        sets: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.items = list(items)
        self.i = 0
        self.defines = defines
        self.sets = sets

    def peek(self) -> str:
        item = self.items[self.i] if self.i < len(self.items) else None
        return item.text if isinstance(item, Tok) else ("{" if isinstance(item, Block) else "")

    def word(self) -> str:
        text = self.peek()
        self.i += 1
        return text

    def values(self) -> tuple[bool, list[str], str | None]:
        """[op] value[, value...] -> (negated, values, named set or None)."""
        negated = _OPS.get(self.peek())
        if negated is not None:
            self.i += 1
        out: list[str] = []
        named: str | None = None
        while self.i < len(self.items):
            item = self.items[self.i]
            self.i += 1
            raw = flat(item)
            for text in raw:
                if text.startswith("$"):
                    out.extend(self.defines.get(text[1:], (text,)))
                elif text.startswith("@"):
                    named = text
                    out.extend(self.sets.get(text[1:], ()))
                else:
                    out.append(text)
            if self.peek() != ",":
                break
            self.i += 1
        return bool(negated), out, named

    def skip_args(self) -> list[str]:
        skipped: list[str] = []
        while self.i < len(self.items) and self.peek() not in _STOP:
            skipped.append(render([self.items[self.i]]))
            self.i += 1
        return skipped


class _Statement:
    """What one nft rule statement says so far, read word by word: the modelled matches as FwRule fields,
    the rest as opaque text, and a verdict map with the selector it keys on."""

    def __init__(self, reader: _Reader, table_family: str, qualify: str) -> None:
        self.reader = reader
        self.table_family = table_family
        self.qualify = qualify
        self.fields: dict[str, Any] = {"target": ""}
        self.opaque: list[str] = []
        self.vmap: list[tuple[str, str]] = []
        self.selector = ""

    def read(self, word: str) -> None:
        reader = self.reader
        if word in ("iif", "iifname") or (word == "meta" and reader.peek() in ("iif", "iifname")):
            self.interface(word)
        elif word == "ct" and reader.peek() == "state":
            self.conntrack()
        elif word in _L4 or word == "th":
            self.transport(word)
        elif word in ("ip", "ip6"):
            self.address(word)
        elif word in ("icmp", "icmpv6"):
            self.fields["proto"] = word
            if self.table_family == "inet":
                self.fields["family_only"] = Family.IPV4 if word == "icmp" else Family.IPV6
            reader.skip_args()
        elif word == "meta" and reader.peek() in ("l4proto", "nfproto"):
            self.meta()
        else:
            self.action(word)

    def interface(self, word: str) -> None:
        if word == "meta":
            self.reader.word()
        self.selector = "iif"
        if self.reader.peek() == "vmap":
            return
        neg, vals, _ = self.reader.values()
        self.fields["in_iface"], self.fields["in_iface_negated"] = ",".join(v.strip('"') for v in vals), neg

    def conntrack(self) -> None:
        self.reader.word()
        self.selector = "ct"
        if self.reader.peek() == "vmap":
            return
        neg, vals, _ = self.reader.values()
        self.fields["ct_states"], self.fields["ct_negated"] = tuple(v.upper() for v in vals), neg

    def transport(self, word: str) -> None:
        if word in _L4:
            self.fields["proto"] = word
        part = self.reader.word()
        if part == "flags" and word == "tcp":
            args = self.reader.skip_args()
            flags = nft_tcp_flags(" ".join(args))
            if flags is None:
                self.opaque.append(" ".join([word, part, *args]))
            self.fields["tcp_flags"] = flags
            return
        if part == "sport" and self.reader.peek() != "vmap":
            neg, vals, _ = self.reader.values()
            ports = nft_ports(vals)
            if ports is None:
                self.opaque.append(f"{word} sport {' '.join(vals)}")
            else:
                self.fields["sports"], self.fields["sports_negated"] = ports, neg
            return
        if part != "dport":
            self.opaque.append(" ".join([word, part, *self.reader.skip_args()]))
            return
        self.selector = "dport"
        if self.reader.peek() == "vmap":
            return
        neg, vals, _ = self.reader.values()
        ports = nft_ports(vals)
        if ports is None:
            self.opaque.append(f"{word} dport {' '.join(vals)}")
        else:
            self.fields["dports"], self.fields["dports_negated"] = ports, neg

    def address(self, word: str) -> None:
        fields = self.fields
        if self.table_family == "inet":
            fields["family_only"] = Family.IPV4 if word == "ip" else Family.IPV6
        part = self.reader.word()
        if self.reader.peek() == "vmap":  # ip saddr vmap { 10.0.0.0/8 : accept, ... }
            self.selector = part if part in ("saddr", "daddr") else ""
            return
        neg, vals, named = self.reader.values()
        value = named or ",".join(vals)
        if part == "saddr":
            fields["source"], fields["source_negated"] = value, neg
        elif part == "daddr" and not neg:
            fields["destination"] = value
        elif part in ("protocol", "nexthdr") and vals:
            fields["proto"], fields["proto_negated"] = ",".join(vals), neg
        else:
            self.opaque.append(f"{word} {part} {value}")

    def meta(self) -> None:
        part = self.reader.word()
        self.selector = "l4proto" if part == "l4proto" else ""
        if self.reader.peek() == "vmap":
            return
        neg, vals, _ = self.reader.values()
        if part == "l4proto" and vals:
            self.fields["proto"], self.fields["proto_negated"] = ",".join(vals), neg
        elif part == "nfproto" and len(vals) == 1 and vals[0] in ("ipv4", "ipv6") and not neg:
            self.fields["family_only"] = Family(vals[0])
        else:
            self.opaque.append(f"meta {part} {' '.join(vals)}")

    def reject_with(self) -> None:
        """`reject with icmp|icmpv6 [type] CODE`, `with icmpx CODE`, `with tcp reset`: nft adds the match the
        reply needs (IPv4 or IPv6 only, TCP only)."""
        reader, fields = self.reader, self.fields
        reader.word()
        kind = reader.word()
        if kind in ("icmp", "icmpv6"):
            fields["family_only"] = Family.IPV4 if kind == "icmp" else Family.IPV6
        elif kind == "tcp":
            fields["proto"] = fields.get("proto") or "tcp"
        if reader.peek() == "type":
            reader.word()
        reader.word()

    def action(self, word: str) -> None:
        reader, fields = self.reader, self.fields
        if word == "limit":
            args = reader.skip_args()
            if "over" in args:
                self.opaque.append("limit " + " ".join(args))
            else:
                fields["limited"] = True
        elif word in ("counter", "comment"):
            reader.skip_args()
        elif word == "log":
            reader.skip_args()
            fields["target"] = fields["target"] or "LOG"
        elif word == "reject" and reader.peek() == "with":
            fields["target"] = "REJECT"
            self.reject_with()
        elif word in VERDICTS:
            fields["target"] = VERDICTS[word]
            reader.skip_args()
        elif word in ("jump", "goto"):
            fields["target"] = f"{self.qualify}{reader.word()}"
            fields["jump"], fields["goto"] = True, word == "goto"
        elif word == "vmap":
            pairs = _vmap(reader)
            if pairs is None:  # a map that cannot be read: it may accept
                self.opaque.append("vmap (unread map)")
                fields["target"] = "ACCEPT"
            else:
                self.vmap = pairs
        elif word == "notrack":
            fields["target"] = "NOTRACK"
        else:
            self.opaque.append(" ".join([word, *reader.skip_args()]).strip())


def convert_rule(
    items: Sequence[Item],
    location: Location,
    *,
    table_family: str,
    qualify: str,
    defines: Mapping[str, tuple[str, ...]] | None = None,
    sets: Mapping[str, tuple[str, ...]] | None = None,
) -> list[FwRule]:
    """The rules one statement stands for (several for a verdict map or a concatenation). `qualify`
    prefixes jump targets."""
    if "." in (i.text for i in items if isinstance(i, Tok)):
        expanded = expand_concat(items, sets or {})
        if expanded is not None:
            text = render(list(items))
            return [
                replace(rule, text=text)
                for part in expanded
                for rule in convert_rule(
                    part, location, table_family=table_family, qualify=qualify, defines=defines, sets=sets
                )
            ]
    reader = _Reader(items, defines or {}, sets or {})
    text = render(list(items))
    statement = _Statement(reader, table_family, qualify)
    while reader.i < len(reader.items):
        statement.read(reader.word())
    base = FwRule(location=location, text=text, **statement.fields, opaque=tuple(statement.opaque))
    return expand_vmap(base, statement.selector, statement.vmap, qualify) if statement.vmap else [base]


def _vmap(reader: _Reader) -> list[tuple[str, str]] | None:
    """The (key, verdict) entries of an anonymous `{ 22 : accept, ... }` or named `@name` verdict map; None
    when the map cannot be read (not given, or a named map that is not there)."""
    item = reader.items[reader.i] if reader.i < len(reader.items) else None
    reader.i += 1
    if isinstance(item, Block):
        words = flat(item)
    elif isinstance(item, Tok) and item.text.startswith("@") and item.text[1:] in reader.sets:
        words = list(reader.sets[item.text[1:]])
    else:
        return None
    parsed = elements(words, 1, True)
    return None if parsed is None else [(key[0], " ".join(verdict)) for key, verdict in parsed]
