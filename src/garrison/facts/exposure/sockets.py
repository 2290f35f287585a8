"""Listening sockets of a live host, from `ss -H -l -n -t -u -p` (iproute2). Pure parser, never raises.

Line shape (netid column because -t and -u are both given; users only with privileges):
    tcp   LISTEN 0  4096  0.0.0.0:22  0.0.0.0:*  users:(("sshd",pid=700,fd=3))
    udp   UNCONN 0  0     [::]:5060   [::]:*
Addresses keep ss's spelling without brackets or `%interface` scope: "0.0.0.0", "::", "*", "127.0.0.1".
"""

from __future__ import annotations

import re

from garrison.facts.listeners import Listener

SS_COMMAND = ("ss", "-H", "-l", "-n", "-t", "-u", "-p")
_USER = re.compile(r'users:\(\("([^"]+)"')


def parse_ss(text: str) -> list[Listener]:
    found: list[Listener] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 5 or fields[0] not in ("tcp", "udp"):
            continue
        address, sep, port = fields[4].rpartition(":")
        if not sep or not port.isdigit() or not 0 < int(port) <= 65535:
            continue
        address = address.strip("[]").split("%", 1)[0] or "*"
        user = _USER.search(line)
        name = f"live:{user.group(1)}" if user else "live"
        found.append(Listener(name, address, int(port), fields[0], "listening socket"))
    return found
