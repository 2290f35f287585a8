"""Compose port mappings, short (`"127.0.0.1:3001:3001/tcp"`) and long syntax, -> `PortBinding`.

Short syntax: `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTO]`; an IPv6 host address is written in
brackets (`[::1]:3001:3001`). Without a host address docker binds every interface (0.0.0.0 and ::); without
a host port it publishes an ephemeral port, again on every interface. Pure, never raises (None = not
understood, as for a protocol other than tcp, udp or sctp, which docker refuses).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from garrison.facts.docker.model import PortBinding, Scalar
from garrison.facts.listeners import IpProtocol

_RANGE = re.compile(r"^(\d{1,5})(?:-(\d{1,5}))?$")


def _range(text: str) -> tuple[int, int] | None:
    match = _RANGE.match(text.strip())
    if match is None:
        return None
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if not 0 < low <= high <= 65535:
        return None
    return low, high


def parse_short_port(scalar: Scalar) -> PortBinding | None:
    text = scalar.text.strip().strip("\"'")
    if scalar.unresolved:
        return PortBinding("", None, (0, 0), IpProtocol.TCP, scalar.line, unresolved=True)
    body, _, spelled = text.partition("/")
    proto = IpProtocol.parse(spelled or "tcp")
    if proto is None:
        return None
    host_ip = ""
    if body.startswith("["):
        end = body.find("]")
        if end < 0:
            return None
        host_ip, body = body[1:end], body[end + 1 :].lstrip(":")
    parts = body.split(":")
    if len(parts) > 3:  # an unbracketed IPv6 address
        host_ip, parts = ":".join(parts[:-2]), parts[-2:]
    elif len(parts) == 3:
        host_ip, parts = parts[0], parts[1:]
    target = _range(parts[-1])
    published = _range(parts[0]) if len(parts) == 2 and parts[0] else None
    if target is None or (len(parts) == 2 and parts[0] and published is None):
        return None
    return PortBinding(host_ip, published, target, proto, scalar.line)


def parse_long_port(fields: Mapping[str, Scalar | None], line: int) -> PortBinding | None:
    target_field = fields.get("target")
    if target_field is None:
        return None
    if any(item is not None and item.unresolved for item in fields.values()):
        return PortBinding("", None, (0, 0), IpProtocol.TCP, line, unresolved=True)
    target = _range(target_field.text)
    published_field = fields.get("published")
    published = None if published_field is None else _range(published_field.text)
    if target is None or (published_field is not None and published is None):
        return None
    host_ip = fields.get("host_ip")
    spelled = fields.get("protocol")
    proto = IpProtocol.parse(spelled.text if spelled else "tcp")
    if proto is None:
        return None
    return PortBinding(host_ip.text if host_ip else "", published, target, proto, line)
