"""One iptables rule's arguments (`-p tcp --dport 22 -j ACCEPT`, iptables 1.8.9) as an `FwRule`.

Modelled: protocol, destination and source ports (`--dport`, `--sport`, multiport `--dports`, `--sports`,
`--ports`), addresses and ipsets, the input interface, conntrack states, `--dst-type`, limits, TCP flags
(`--tcp-flags`, `--syn`) and the target; other matches are kept as opaque text. Pure; never raises.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

from garrison.facts.firewall.fwrule import FwRule, PortRange, TcpFlags, flag_bits
from garrison.model import Location

_IGNORED = frozenset(
    {
        "-m", "--match", "--icmp-type", "--icmpv6-type", "--comment", "--log-prefix", "--log-level",
        "--reject-with", "--limit-burst", "-c", "--set-counters", "--log-uid", "--log-tcp-sequence",
        "--log-tcp-options", "--log-ip-options", "--nflog-group", "--nflog-prefix", "--hashlimit-name",
        "--hashlimit-mode", "--hashlimit-burst", "--hashlimit-htable-expire", "--set-mark",
        "--set-xmark", "--hashlimit-srcmask",
    }
)  # fmt: skip


_PORT_OPTIONS = frozenset(
    {"--dport", "--destination-port", "--dports", "--destination-ports", "--ports", "--sport",
     "--source-port", "--sports", "--source-ports"}
)  # fmt: skip
#: Match options that may also follow `-j TARGET` (ufw writes `-j RETURN -m limit --limit 3/min`).
_MATCH_OPTIONS = frozenset(
    {"-p", "--protocol", "-s", "--source", "-d", "--destination", "-i", "--in-interface", "--dport",
     "--dports", "--destination-port", "--destination-ports", "--state", "--ctstate", "--limit",
     "--match-set", "--dst-type", "--src-range", "--dst-range", "--sport", "--sports", "--ports",
     "--source-port", "--source-ports", "--tcp-flags", "--syn"}
)  # fmt: skip


def parse_ports(text: str) -> tuple[PortRange, ...] | None:
    """ "22", "80,443", "49152:65535", "1000-2000" -> ranges; None when not ports."""
    ranges: list[PortRange] = []
    for part in text.split(","):
        low, sep, high = part.strip().replace("-", ":").partition(":")
        try:
            lo = int(low) if low else 0
            hi = int(high) if sep and high else (65535 if sep else lo)
        except ValueError:
            return None
        if not (0 <= lo <= 65535 and 0 <= hi <= 65535):
            return None
        ranges.append(PortRange(min(lo, hi), max(lo, hi)))
    return tuple(ranges) or None


def parse_rule_args(args: Sequence[str], location: Location, text: str) -> FwRule:
    """The matches and target of one `-A CHAIN ...` line (the `-A CHAIN` already removed). Never raises."""
    fields: dict[str, Any] = {"target": ""}
    opaque: list[str] = []
    negate = False
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "!":
            negate = True
            continue
        values: list[str] = []
        while i < len(args) and not args[i].startswith("-") and args[i] != "!":
            values.append(args[i])
            i += 1
        if values and values[0] == "!":  # old syntax: --dport ! 22
            negate, values = True, values[1:]
        value = values[0] if values else ""
        if fields["target"] and token not in _MATCH_OPTIONS:
            negate = False
            continue  # the target's own options (--reject-with, --queue-num, --log-prefix, ...)
        _apply(token, value, values, negate, fields, opaque)
        negate = False
    fields["opaque"] = tuple(opaque)
    return FwRule(location=location, text=text, **fields)


def _apply(
    option: str, value: str, values: list[str], negate: bool, fields: dict[str, Any], opaque: list[str]
) -> None:
    if option in ("-p", "--protocol"):
        fields["proto"], fields["proto_negated"] = value.lower(), negate
    elif option in _PORT_OPTIONS:
        ports = parse_ports(value)
        if ports is None:
            opaque.append(f"{option} {value}")
        elif option in ("--sport", "--source-port", "--sports", "--source-ports", "--ports"):
            fields["sports"], fields["sports_negated"] = ports, negate
            if option == "--ports":  # multiport: the packet's source port or its destination port
                fields["dports"], fields["dports_negated"], fields["either_port"] = ports, negate, True
        else:
            fields["dports"], fields["dports_negated"] = ports, negate
    elif option in ("--tcp-flags", "--syn"):
        mask, comp = (values[0], values[1]) if len(values) >= 2 else ("FIN,SYN,RST,ACK", "SYN")
        bits = (flag_bits(mask), flag_bits(comp))
        if bits[0] is None or bits[1] is None or (option == "--tcp-flags" and len(values) < 2):
            opaque.append(" ".join((option, *values)))
        else:
            fields["tcp_flags"] = TcpFlags("!=" if negate else "==", bits[0], (bits[1] & bits[0],))
    elif option in ("-s", "--source", "--src-range"):
        fields["source"], fields["source_negated"] = value, negate
    elif option in ("--src-cc", "--source-country", "--mac-source") and not negate:
        fields["source"] = f"{option.lstrip('-')} {value}"
    elif option in ("-d", "--destination", "--dst-range"):
        if negate:
            opaque.append(f"! {option} {value}")
        else:
            fields["destination"] = value
    elif option in ("-i", "--in-interface"):
        if value.startswith("!"):
            negate, value = True, value[1:]
        fields["in_iface"], fields["in_iface_negated"] = value, negate
    elif option in ("--state", "--ctstate"):
        fields["ct_states"] = tuple(s.strip().upper() for s in value.split(",") if s.strip())
        fields["ct_negated"] = negate
    elif option == "--dst-type" and not negate:
        fields["dst_type"] = value.upper()
    elif option in ("--limit", "--hashlimit-upto", "--hashlimit"):
        fields["limited"] = True
    elif option == "--match-set" and len(values) >= 2 and values[1].startswith("src") and not negate:
        fields["source"] = f"ipset:{value}"
    elif option in ("-j", "--jump", "-g", "--goto"):
        fields["target"] = value
        fields["goto"] = option in ("-g", "--goto")
    elif option not in _IGNORED:
        opaque.append(" ".join(("!", option, *values) if negate else (option, *values)))


#: Options whose value must be a port, an address or a network: iptables-restore refuses a template marker
#: there ("invalid port/service `{{' specified", "host/network `${ADMIN_IP}' not found").
_VALUE_OPTIONS = _PORT_OPTIONS | {"-s", "--source", "-d", "--destination", "--src-range", "--dst-range"}
_OPENERS = ("{{", "{%", "${", "@@", "%", "<")
_OPENER = re.compile("|".join(re.escape(opener) for opener in _OPENERS))


def template_value(args: Sequence[str]) -> str | None:
    """The first port or address value in `args` that is an unrendered template placeholder."""
    for option, value in itertools.pairwise(args):
        if option in _VALUE_OPTIONS and _OPENER.search(value):
            return value
    return None


#: The options of the matches Garrison reads (iptables-extensions(8), iptables 1.8.9), by match name; `-p
#: tcp|udp|icmp|icmpv6` loads the protocol's match without `-m`.
MATCH_OPTIONS: dict[str, frozenset[str]] = {
    "tcp": frozenset({"--dport", "--destination-port", "--sport", "--source-port", "--tcp-flags", "--syn",
                      "--tcp-option"}),
    "udp": frozenset({"--dport", "--destination-port", "--sport", "--source-port"}),
    "multiport": frozenset({"--dports", "--destination-ports", "--sports", "--source-ports", "--ports"}),
    "state": frozenset({"--state"}),
    "conntrack": frozenset({"--ctstate", "--ctproto", "--ctorigsrc", "--ctorigdst", "--ctreplsrc",
                            "--ctrepldst", "--ctorigsrcport", "--ctorigdstport", "--ctreplsrcport",
                            "--ctrepldstport", "--ctstatus", "--ctexpire", "--ctdir"}),
    "limit": frozenset({"--limit", "--limit-burst"}),
    "icmp": frozenset({"--icmp-type"}),
    "icmp6": frozenset({"--icmpv6-type"}),
    "comment": frozenset({"--comment"}),
    "addrtype": frozenset({"--src-type", "--dst-type", "--limit-iface-in", "--limit-iface-out"}),
    "iprange": frozenset({"--src-range", "--dst-range"}),
}  # fmt: skip
_IMPLICIT = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp", "icmp": "icmp", "1": "icmp",
             "icmpv6": "icmp6", "ipv6-icmp": "icmp6", "58": "icmp6"}  # fmt: skip
_PROVIDERS: dict[str, frozenset[str]] = {}
for _match, _options in MATCH_OPTIONS.items():
    for _option in _options:
        _PROVIDERS[_option] = _PROVIDERS.get(_option, frozenset()) | {_match}


def unloaded_option(args: Sequence[str]) -> tuple[str, frozenset[str]] | None:
    """A match option before the target whose match is not loaded (`--dport` without `-p tcp|udp`,
    `--state` without `-m state`): iptables-restore refuses it as an unknown option. (option, matches)."""
    loaded: set[str] = set()
    last = len(args) - 1
    for i, word in enumerate(args):
        if word in _TARGET_FLAGS:
            return None
        if word in _MATCH_FLAGS:
            loaded.add(args[i + 1] if i < last else "")
        elif word in _PROTOCOL_FLAGS:
            implied = _IMPLICIT.get(args[i + 1].lower()) if i < last else None
            if implied is not None:
                loaded.add(implied)
        elif word in _PROVIDERS and not _PROVIDERS[word] & loaded:
            return word, _PROVIDERS[word]
    return None


_TARGET_FLAGS = frozenset({"-j", "--jump", "-g", "--goto"})
_MATCH_FLAGS = frozenset({"-m", "--match"})
_PROTOCOL_FLAGS = frozenset({"-p", "--protocol"})


_SINGLE = {"-s": "-s", "--source": "-s", "-d": "-d", "--destination": "-d", "-p": "-p", "--protocol": "-p",
           "-i": "-i", "--in-interface": "-i", "-o": "-o", "--out-interface": "-o"}  # fmt: skip


def repeated_flag(args: Sequence[str]) -> str | None:
    """A rule flag given twice before the target (`-s A ... -s B`): iptables-restore refuses "multiple -s
    flags not allowed"."""
    seen: set[str] = set()
    for word in args:
        if word in _TARGET_FLAGS:
            return None
        flag = _SINGLE.get(word)
        if flag is not None:
            if flag in seen:
                return flag
            seen.add(flag)
    return None
