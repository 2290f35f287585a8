"""One firewall rule, whatever tool wrote it: its matches as typed fields, its target, its place.

Source ports (`--sport`, `tcp sport`) are chosen by the sender, so a rule matching only them matches
whoever wants it to; TCP flags (`--tcp-flags`, `--syn`, nft `tcp flags`) are judged against the packet
that opens a connection (SYN) or, for established traffic, an ACK (see `TcpFlags`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.facts.firewall.kinds import Family, Verdict
from garrison.model import Location

#: Targets that end a packet's walk through the rules.
TERMINAL = frozenset({"ACCEPT", "DROP", "REJECT"})
#: Targets that do something (log, mark, count) and let the packet go on to the next rule.
NON_TERMINAL = frozenset(
    {"", "LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "TRACE", "AUDIT", "CT", "SET", "NOTRACK", "COUNTER"}
)


@dataclass(frozen=True, slots=True)
class PortRange:
    low: int
    high: int

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.low <= port <= self.high

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}:{self.high}"


#: TCP header flag bits by name (RFC 9293; iptables' ALL is the six classic ones, nft's masks all eight).
TCP_FLAG_BITS = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10, "URG": 0x20, "ECN": 0x40,
                 "CWR": 0x80}  # fmt: skip
#: The flags of the packet that opens a connection, and of one of an established connection.
OPENING, ESTABLISHED = 0x02, 0x10
_SPLIT = re.compile(r"[|,]")


def flag_bits(text: str, every: int = 0x3F) -> int | None:
    """ "SYN,ACK", "syn|ack", "ALL", "NONE", "0x12" -> the bits; None when a word is no flag."""
    bits = 0
    for word in (w.strip().strip("()").upper() for w in _SPLIT.split(text)):
        if word in TCP_FLAG_BITS:
            bits |= TCP_FLAG_BITS[word]
        elif word == "ALL":
            bits |= every
        elif word == "NONE":
            continue
        else:
            try:
                bits |= int(word, 0)
            except ValueError:
                return None
    return bits


@dataclass(frozen=True, slots=True)
class TcpFlags:
    """A TCP flags match: `(flags & mask) == values[0]` (op "=="; `values` several: any of them), `!=` its
    negation, or "any": some bit of `values[0]` is set (nft's `tcp flags syn`). iptables `--tcp-flags MASK
    COMP` is ("==", mask, (comp,)); `--syn` is `--tcp-flags FIN,SYN,RST,ACK SYN`."""

    op: str
    mask: int
    values: tuple[int, ...]

    def matches(self, flags: int) -> bool:
        if self.op == "any":
            return bool(flags & self.values[0])
        inside = (flags & self.mask) in self.values
        return inside if self.op == "==" else not inside


@dataclass(frozen=True, slots=True)
class FwRule:
    """One rule. `target` is ACCEPT/DROP/REJECT/RETURN, a non-terminal action (LOG, ...), "" for none, or
    the name of a user chain (then `jump` is True; `goto` for nft's goto / iptables' -g)."""

    location: Location
    text: str
    target: str
    jump: bool = False
    goto: bool = False
    proto: str | None = None  # "tcp", "udp", "icmp", "ipv6-icmp", "icmp,icmpv6" (a set) ... None = any
    proto_negated: bool = False
    dports: tuple[PortRange, ...] = ()  # () = any port
    dports_negated: bool = False
    sports: tuple[PortRange, ...] = ()  # source ports: the sender picks them, any rule on them matches it
    sports_negated: bool = False
    either_port: bool = False  # multiport --ports: the source port or the destination port (dports = sports)
    tcp_flags: TcpFlags | None = None
    source: str | None = None  # "10.0.0.0/8", "@allowed" (a named set), "ipset:trusted"
    source_negated: bool = False
    destination: str | None = None
    in_iface: str | None = None
    in_iface_negated: bool = False
    ct_states: tuple[str, ...] = ()  # upper case: NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED
    ct_negated: bool = False
    dst_type: str | None = None  # addrtype --dst-type (LOCAL, BROADCAST, MULTICAST, ...)
    limited: bool = False  # -m limit / hashlimit / nft `limit rate` (not `over`)
    family_only: Family | None = None  # nft `ip saddr ...` in an inet table only matches IPv4
    opaque: tuple[str, ...] = ()  # matches Garrison does not model: the rule may or may not match

    @property
    def verdict(self) -> Verdict | None:
        return {"ACCEPT": Verdict.ACCEPT, "DROP": Verdict.DROP, "REJECT": Verdict.REJECT}.get(self.target)


_NFT_MASKED = re.compile(r"&\(?(?P<mask>[\w|,]+)\)?\s*(?P<op>==|!=)?\s*(?P<value>\S+)")
_NFT_GLUE = re.compile(r"\s*(==|!=|[|,/&(){}])\s*")


def nft_tcp_flags(text: str) -> TcpFlags | None:
    """nft's `tcp flags` match (nftables 1.0.6) from its words: `syn` (implicit: the bit is set), `== syn`,
    `!= syn`, `syn / syn,ack`, `& (syn|ack) == syn`, `{ syn, syn|ack }`. None when it is none of those."""
    t = _NFT_GLUE.sub(r"\1", text).strip()
    mask, op = 0xFF, None
    if t.startswith("&"):
        found = _NFT_MASKED.fullmatch(t)
        if found is None or (bits := flag_bits(found.group("mask"), 0xFF)) is None:
            return None
        mask, op, t = bits, found.group("op") or "==", found.group("value")
    elif t[:2] in ("==", "!="):
        op, t = t[:2], t[2:]
    value, slash, masked = t.partition("/")
    if slash:
        if (bits := flag_bits(masked, 0xFF)) is None:
            return None
        mask, op = bits, op or "=="
    several = value.startswith("{") and value.endswith("}")
    words = value[1:-1].split(",") if several else [value]
    values = [flag_bits(w, 0xFF) for w in words if w]
    if not values or any(v is None for v in values):
        return None
    if op is None and not several:
        return TcpFlags("any", 0xFF, (values[0] or 0,))
    return TcpFlags(op or "==", mask, tuple((v or 0) & mask for v in values))
