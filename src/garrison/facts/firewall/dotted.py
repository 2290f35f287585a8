"""IPv4 networks as iptables-save prints them (`10.1.2.3`, `10.0.0.0/8`), read without `ipaddress`.

Firewall queries look at every rule's address, tens of thousands of times on a large ruleset; an
`ipaddress` network object costs about 35 us each. These two integer helpers cover the plain dotted-quad
form; anything else (IPv6, masks, leading zeros, spaces) is None and the caller falls back to `ipaddress`.
Both agree with `ipaddress` (tests/facts/firewall/test_dotted_fast_path.py).
"""

from __future__ import annotations

import re

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_DOTTED = re.compile(rf"({_OCTET})\.({_OCTET})\.({_OCTET})\.({_OCTET})(?:/(3[0-2]|[12]?[0-9]))?")


def dotted_v4(text: str) -> tuple[int, int] | None:
    """`a.b.c.d[/n]` as (address, prefix length); None for any other form."""
    found = _DOTTED.fullmatch(text)
    if found is None:
        return None
    a, b, c, d, bits = found.groups()
    return (int(a) << 24) | (int(b) << 16) | (int(c) << 8) | int(d), 32 if bits is None else int(bits)


def within_v4(address: int, prefix: int, network: int, length: int) -> bool:
    """Whether `address/prefix` (host bits ignored, as `strict=False`) lies inside `network/length`."""
    return prefix >= length and address >> (32 - length) == network >> (32 - length)
