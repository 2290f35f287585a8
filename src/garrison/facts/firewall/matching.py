"""How one firewall rule matches one packet: the packet a query asks about and the rule's matches classified.

The question is always about traffic *from an arbitrary source* (someone on the internet), arriving on a
non-loopback interface unless asked otherwise, as a NEW connection unless asked otherwise.

Each rule's matches are classified against the packet:
- NONE: the rule cannot match (other port or protocol, `-i lo`, `--ctstate ESTABLISHED,RELATED` for a new
  connection, a loopback or multicast destination, a loopback source);
- ALL: it matches whoever sends the packet;
- RESTRICTED: it matches only some sources (`-s 10.0.0.0/8`, `ip saddr @trusted`, `-i eth1`);
- UNCERTAIN: it has matches Garrison does not model (`-m recent`, `-m connlimit`), or a source port (which
  the sender picks, so an accept on it is taken to match and a drop not to).

TCP flags are judged against the SYN that opens a connection (NEW or UNTRACKED) or an ACK otherwise.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from garrison.facts.firewall.dotted import dotted_v4, within_v4
from garrison.facts.firewall.fwrule import ESTABLISHED, OPENING
from garrison.facts.firewall.model import Family, FwRule

_PROTO_ALIASES = {
    "6": "tcp",
    "17": "udp",
    "1": "icmp",
    "58": "icmpv6",
    "ipv6-icmp": "icmpv6",
    "icmp6": "icmpv6",
    "132": "sctp",
}
_ANY_PROTO = frozenset({"all", "0", "any"})
#: Connection-tracking states of a packet that opens a connection (UNTRACKED: a NEW one notrack exempted).
NEW, UNTRACKED = "NEW", "UNTRACKED"
OPENING_STATES = frozenset({NEW, UNTRACKED})
_WORLD = frozenset({"0.0.0.0/0", "::/0", "0/0", "::0/0", "0.0.0.0/0.0.0.0"})


@dataclass(frozen=True, slots=True)
class Packet:
    proto: str
    port: int | None
    family: Family
    loopback: bool = False  # arrives on lo from 127.0.0.1 / ::1
    state: str = "NEW"
    notrack: bool = True  # a notrack rule before conntrack turns a NEW packet UNTRACKED (False: ignore them)


class Match(Enum):
    NONE = 0
    ALL = 1
    RESTRICTED = 2
    UNCERTAIN = 3


def norm_proto(proto: str) -> str:
    text = proto.lower()
    return _PROTO_ALIASES.get(text, text)


@lru_cache(maxsize=256)
def _protocols(text: str) -> tuple[str, ...]:
    return tuple(norm_proto(p) for p in text.split(",") if p)


_LOOPBACK_V4, _MULTICAST_V4, _BROADCAST_V4 = 127 << 24, 224 << 24, 0xFFFFFFFF


@lru_cache(maxsize=65536)
def _address_kind(text: str) -> str:
    """ "loopback", "multicast" (incl. broadcast), "world" or "other"."""
    if text in _WORLD:
        return "world"
    first = text.split(",")[0]
    quad = dotted_v4(first)
    if quad is not None:  # iptables-save's form, one per rule of a large ruleset: no ipaddress object
        if quad[1] == 0:
            return "world"
        if within_v4(*quad, _LOOPBACK_V4, 8):
            return "loopback"
        if within_v4(*quad, _MULTICAST_V4, 4) or quad == (_BROADCAST_V4, 32):
            return "multicast"
        return "other"
    try:
        net = ipaddress.ip_network(first, strict=False)
    except ValueError:
        return "other"
    if net.prefixlen == 0:
        return "world"
    if net.is_loopback:
        return "loopback"
    if net.is_multicast or str(net.network_address) == "255.255.255.255":
        return "multicast"
    return "other"


def classify(rule: FwRule, packet: Packet) -> tuple[Match, str]:
    """How `rule` matches `packet`, with the restriction's text for RESTRICTED."""
    if rule.family_only is not None and rule.family_only is not packet.family:
        return Match.NONE, ""
    protos = () if rule.proto is None else _protocols(rule.proto)
    if protos and not _ANY_PROTO & set(protos) and (norm_proto(packet.proto) in protos) == rule.proto_negated:
        return Match.NONE, ""
    by_sender = bool(rule.sports)  # a source port the sender picks: it matches whoever wants it to
    if rule.dports:
        inside = packet.port is not None and any(packet.port in r for r in rule.dports)
        if rule.either_port and inside != rule.dports_negated:
            by_sender = False  # multiport --ports: the destination port decides
        elif packet.port is None or (inside == rule.dports_negated and not rule.either_port):
            return Match.NONE, ""
    if rule.ct_states and (packet.state in rule.ct_states) == rule.ct_negated:
        return Match.NONE, ""
    if rule.tcp_flags is not None:
        flags = OPENING if packet.state in OPENING_STATES else ESTABLISHED
        if not rule.tcp_flags.matches(flags):
            return Match.NONE, ""
    restrictions: list[str] = []
    if rule.in_iface is not None:
        is_lo = rule.in_iface in ("lo", "lo+")
        if rule.in_iface_negated:
            if is_lo and packet.loopback:
                return Match.NONE, ""
        elif is_lo != packet.loopback:
            if is_lo:
                return Match.NONE, ""
            restrictions.append(f"interface {rule.in_iface}")
    if rule.dst_type is not None and rule.dst_type.upper() not in ("LOCAL", "UNICAST"):
        return Match.NONE, ""
    uncertain = bool(rule.opaque) or by_sender
    if rule.destination is not None:
        kind = _address_kind(rule.destination)
        if kind == "multicast" or (kind == "loopback" and not packet.loopback):
            return Match.NONE, ""
        uncertain = uncertain or kind == "other"
    if rule.source is not None and not rule.source_negated:
        kind = _address_kind(rule.source)
        if kind == "loopback":
            if not packet.loopback:
                return Match.NONE, ""
        elif kind != "world" and not packet.loopback:
            restrictions.append(rule.source)
    if restrictions:
        return Match.RESTRICTED, " ".join(restrictions)
    return (Match.UNCERTAIN, "") if uncertain else (Match.ALL, "")
