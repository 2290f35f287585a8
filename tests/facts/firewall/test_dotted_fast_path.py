"""The dotted-quad fast paths (facts.firewall.dotted) of the spoofable-source check and of the rule address
kinds agree with the `ipaddress` readings they shortcut."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.firewall.matching import _WORLD, _address_kind
from garrison.facts.firewall.queries import _LOCAL_RANGES, _spoofable


def _by_ipaddress(text: str) -> bool:
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return False
    return any(net.version == r.version and net.subnet_of(r) for r in _LOCAL_RANGES)  # type: ignore[arg-type]


#: Addresses near the edges of every local range, and some far from them.
_EDGES = [
    "10.0.0.0/8", "10.255.255.255", "9.255.255.255", "11.0.0.0", "10.0.0.0/7", "172.16.0.0/12",
    "172.15.255.255", "172.32.0.0", "172.31.255.255/32", "192.168.0.0/16", "192.168.0.0/15", "192.169.0.1",
    "100.64.0.0/10", "100.63.255.255", "100.128.0.0", "127.0.0.1", "127.0.0.0/8", "0.0.0.0/0", "8.8.8.8",
    "10.1.2.3/0", "10.1.2.3/33", "010.1.2.3", "256.1.1.1", " 10.0.0.1 ", "fc00::1", "::1", "2001:db8::/32",
    "10.0.0.1/24", "192.168.1.7/31", "",
]  # fmt: skip


def _kind_by_ipaddress(text: str) -> str:
    if text in _WORLD:
        return "world"
    try:
        net = ipaddress.ip_network(text.split(",")[0], strict=False)
    except ValueError:
        return "other"
    if net.prefixlen == 0:
        return "world"
    if net.is_loopback:
        return "loopback"
    if net.is_multicast or str(net.network_address) == "255.255.255.255":
        return "multicast"
    return "other"


_KIND_EDGES = [
    "127.0.0.1", "127.0.0.0/8", "127.0.0.0/7", "126.255.255.255", "128.0.0.1", "224.0.0.1", "224.0.0.0/4",
    "224.0.0.0/3", "239.255.255.255", "240.0.0.1", "255.255.255.255", "255.255.255.255/31", "0.0.0.0/0",
    "8.8.8.8/0", "10.0.0.1,127.0.0.1", "127.0.0.1,10.0.0.1", "::1", "ff02::1", "::/0", "0.0.0.0", "010.0.0.1",
    " 127.0.0.1", "anywhere", "",
]  # fmt: skip


#: (fast path, the ipaddress reading it shortcuts, edge cases)
PAIRS = [(_spoofable, _by_ipaddress, _EDGES), (_address_kind, _kind_by_ipaddress, _KIND_EDGES)]
IDS = ["spoofable", "address-kind"]


@pytest.mark.parametrize(("fast", "slow", "edges"), PAIRS, ids=IDS)
def test_edges_agree(fast: Callable[[str], object], slow: Callable[[str], object], edges: list[str]) -> None:
    for text in edges:
        assert fast(text) == slow(text), text


@pytest.mark.parametrize(("fast", "slow", "edges"), PAIRS, ids=IDS)
@settings(max_examples=500)
@given(address=st.integers(0, 2**32 - 1), prefix=st.one_of(st.none(), st.integers(0, 32)))
def test_random_ipv4_agree(
    fast: Callable[[str], object],
    slow: Callable[[str], object],
    edges: list[str],
    address: int,
    prefix: int | None,
) -> None:
    text = str(ipaddress.IPv4Address(address)) + ("" if prefix is None else f"/{prefix}")
    assert fast(text) == slow(text), text
