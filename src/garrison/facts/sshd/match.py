"""`Match` lines of sshd_config: parsing the criteria and testing them against a connection, the way
OpenSSH 9.2p1 does (servconf.c `match_cfg_line`, match.c, addrmatch.c). Pure, never raises.

Criteria: `All` (alone), `User`, `Group`, `Host`, `Address`, `LocalAddress`, `LocalPort`, `RDomain`, each
with a comma-separated pattern list (`*`, `?`, `!negation`); addresses also take CIDR networks. As with
`sshd -T -C ...`, a criterion whose connection attribute was not given does not match.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from garrison.facts.quoting import shown
from garrison.facts.sshd.lexer import strdelim_words


class MatchAttribute(StrEnum):
    """What a Match criterion tests (servconf.c `match_cfg_line`), as sshd spells it in lower case."""

    USER = "user"
    GROUP = "group"
    HOST = "host"
    ADDRESS = "address"
    LOCALADDRESS = "localaddress"
    LOCALPORT = "localport"
    RDOMAIN = "rdomain"


ATTRIBUTES = tuple(MatchAttribute)
_BY_NAME: dict[str, MatchAttribute] = {a.value: a for a in MatchAttribute}


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    parts = ("." if ch == "?" else ".*" if ch == "*" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), re.DOTALL)


def match_pattern(text: str, pattern: str) -> bool:
    """Shell-style `*`/`?` match of the whole text (match.c `match_pattern`)."""
    return _compile(pattern).fullmatch(text) is not None


def match_pattern_list(text: str, patterns: str, lower: bool = False) -> int:
    """1 when a pattern matches, -1 when a negated one does (it wins), else 0 (match.c)."""
    if lower:
        text = text.lower()
    got = 0
    for raw in patterns.split(","):
        negated = raw.startswith("!")
        pattern = raw[1:] if negated else raw
        if lower:
            pattern = pattern.lower()
        if match_pattern(text, pattern):
            if negated:
                return -1
            got = 1
    return got


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | str | None:
    """A CIDR/plain address network, None when not an address, "bad" when the mask is inconsistent."""
    text, slash, bits = entry.partition("/")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if slash and not bits.isdecimal():  # what int() reads (isdigit also takes "²", which int() refuses)
        return None
    prefix = int(bits) if slash else address.max_prefixlen
    if prefix > address.max_prefixlen:
        return None
    try:
        return ipaddress.ip_network((address, prefix), strict=True)  # the parsed address, not its text again
    except ValueError:
        return "bad"


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
#: `a.b.c.d` or `a.b.c.d/n` as `ipaddress` reads an IPv4 address (ASCII digits, no leading zero, <= 255)
_IPV4_CIDR = re.compile(rf"({_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET})(?:/([0-9]+))?")


def _valid_address_list(patterns: str) -> bool:
    """`addr_match_list(None, patterns) == 0`: no entry empty, no network with host bits set. The common
    `a.b.c.d/n` entry is checked with integer arithmetic instead of `ipaddress` objects."""
    for raw in patterns.split(","):
        entry = raw[1:] if raw.startswith("!") else raw
        if not entry:
            return False
        found = _IPV4_CIDR.fullmatch(entry)
        if found is None:
            if _network(entry) == "bad":
                return False
            continue
        text, bits = found.groups()
        host_bits = 32 - int(bits) if bits is not None else 0  # a prefix over 32: a pattern, never bad
        if host_bits > 0 and int.from_bytes(socket.inet_aton(text), "big") & ((1 << host_bits) - 1):
            return False
    return True


def addr_match_list(address: str | None, patterns: str) -> int:
    """addrmatch.c: 1 match, 0 none, -1 negated match, -2 malformed list (fatal for sshd)."""
    if address is not None:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return 0
    result = 0
    for raw in patterns.split(","):
        negated = raw.startswith("!")
        entry = raw[1:] if negated else raw
        if not entry:
            return -2
        network = _network(entry)
        if network == "bad":
            return -2
        if address is None:
            continue
        if isinstance(network, ipaddress.IPv4Network | ipaddress.IPv6Network):
            hit = ip.version == network.version and ip in network
        else:
            hit = match_pattern(address, entry)
        if hit:
            if negated:
                return -1
            result = 1
    return result


@dataclass(frozen=True, slots=True)
class Connection:
    """What `sshd -T -C user=..,host=..,addr=..,laddr=..,lport=..` describes. None = not given."""

    user: str | None = None
    host: str | None = None
    address: str | None = None
    local_address: str | None = None
    local_port: int | None = None
    rdomain: str | None = None
    groups: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class MatchCriteria:
    """The parsed criteria of one Match line; `error` is set when sshd would reject the line."""

    all: bool = False
    criteria: tuple[tuple[MatchAttribute, str], ...] = ()
    error: str | None = None

    def matches(self, conn: Connection | None) -> bool:
        """Whether the block applies to `conn` (None = the global pass: only `Match All` applies)."""
        if self.error is not None:
            return False
        if self.all:
            return True
        if conn is None:
            return False
        return all(_criterion(name, value, conn) for name, value in self.criteria)


def _criterion(name: MatchAttribute, value: str, conn: Connection) -> bool:
    if name is MatchAttribute.USER:
        return conn.user is not None and match_pattern_list(conn.user, value) == 1
    if name is MatchAttribute.GROUP:
        return conn.user is not None and any(match_pattern_list(g, value) == 1 for g in conn.groups)
    if name is MatchAttribute.HOST:
        return conn.host is not None and match_pattern_list(conn.host, value, lower=True) == 1
    if name is MatchAttribute.ADDRESS:
        return conn.address is not None and addr_match_list(conn.address, value) == 1
    if name is MatchAttribute.LOCALADDRESS:
        return conn.local_address is not None and addr_match_list(conn.local_address, value) == 1
    if name is MatchAttribute.LOCALPORT:
        return conn.local_port is not None and conn.local_port == int(value)
    if name is MatchAttribute.RDOMAIN:
        return conn.rdomain is not None and match_pattern_list(conn.rdomain, value) == 1
    return False


def parse_match(rest: str) -> MatchCriteria:
    """Parse the text after `Match` (split like sshd does, `=` allowed, `#` ends it)."""
    criteria: list[tuple[MatchAttribute, str]] = []
    words = strdelim_words(rest)
    if not words:
        return MatchCriteria(error="One or more attributes required for Match")
    for count, at in enumerate(range(0, len(words), 2), start=1):
        attrib = words[at]
        arg = words[at + 1] if at + 1 < len(words) else None
        name = attrib.lower()
        if name == "all":
            if count > 1 or arg is not None:
                return MatchCriteria(error="'all' cannot be combined with other Match attributes")
            return MatchCriteria(all=True)
        if arg is None:
            return MatchCriteria(error=f"Missing Match criteria for {shown(attrib)}")
        attribute = _BY_NAME.get(name)
        if attribute is None:
            return MatchCriteria(error=f"Unsupported Match attribute {shown(attrib)}")
        if attribute in (MatchAttribute.ADDRESS, MatchAttribute.LOCALADDRESS) and not _valid_address_list(
            arg
        ):
            return MatchCriteria(error=f"Invalid Match address argument '{shown(arg)}'")
        if attribute is MatchAttribute.LOCALPORT and not (arg.isdigit() and 0 < int(arg) <= 65535):
            return MatchCriteria(error=f"Invalid LocalPort '{shown(arg)}' on Match line")
        criteria.append((attribute, arg))
    return MatchCriteria(criteria=tuple(criteria))


def describe(criteria: MatchCriteria, names: Mapping[str, str] | None = None) -> str:
    """A readable form of the criteria, e.g. `User alice,bob Address 10.0.0.0/8`."""
    if criteria.all:
        return "All"
    label = names or {}
    return " ".join(f"{label.get(n, n.capitalize())} {v}" for n, v in criteria.criteria)
