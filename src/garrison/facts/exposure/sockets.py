"""Listening sockets of a live host, from `ss -H -l -n -t -u -p` (iproute2). Pure parser, never raises.

Line shape (netid column because -t and -u are both given; users only with privileges):
    tcp   LISTEN 0  4096  0.0.0.0:22  0.0.0.0:*  users:(("sshd",pid=700,fd=3))
    udp   UNCONN 0  0     [::]:5060   [::]:*
Addresses keep ss's spelling without brackets or `%interface` scope: "0.0.0.0", "::", "*", "127.0.0.1".
Each socket's location is its line in that output (`SS_SOURCE`, line N), so evidence cites the command.
"""

from __future__ import annotations

import ipaddress
import re

from garrison.facts.listeners import AddressScope, IpProtocol, Listener
from garrison.model import Location

SS_COMMAND = ("ss", "-H", "-l", "-n", "-t", "-u", "-p")
#: How evidence names the live socket list: the command that printed it.
SS_SOURCE = " ".join(SS_COMMAND)
_USER = re.compile(r'users:\(\("([^"]+)"')


def parse_ss(text: str) -> list[Listener]:
    found: list[Listener] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        proto = IpProtocol.parse(fields[0]) if len(fields) >= 5 else None
        if proto not in (IpProtocol.TCP, IpProtocol.UDP):
            continue
        address, sep, port = fields[4].rpartition(":")
        if not sep or not port.isdigit() or not 0 < int(port) <= 65535:
            continue
        address = address.strip("[]").split("%", 1)[0] or "*"
        user = _USER.search(line)
        name = f"live:{user.group(1)}" if user else "live"
        found.append(
            Listener(name, address, int(port), proto, "listening socket", Location(SS_SOURCE, number))
        )
    return found


def serves(socket: Listener, declared: Listener, *, any_address: bool = False) -> bool:
    """Whether the live `socket` is the one `declared` describes: same port and protocol, and the same
    scope (loopback, every interface, or the same specific address). `any_address`: the declared address
    is unknown (an unrendered placeholder), so any address of that port counts; so does a host or
    interface name, which ss shows resolved."""
    if (socket.port, socket.proto) != (declared.port, declared.proto):
        return False
    wanted = declared.address.strip().strip("[]").split("%", 1)[0].lower()
    if any_address or (declared.scope is AddressScope.SPECIFIC and not _is_ip(wanted)):
        return True
    if socket.scope is not declared.scope:
        return False
    if declared.scope is not AddressScope.SPECIFIC:
        return True
    return _is_ip(socket.address) and ipaddress.ip_address(socket.address) == ipaddress.ip_address(wanted)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
