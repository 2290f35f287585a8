"""Other SIP and media servers' configs, as far as Garrison needs them: sockets, TLS and RTP port ranges.

- Asterisk pjsip.conf: `[name]` sections with `type=transport`, `protocol=udp|tcp|tls|ws|wss`,
  `bind=addr[:port]` (port default 5060, 5061 for tls); templates `[name](!)` are skipped, and so are
  transports that listen on no socket of these (`protocol=flow`) or that Asterisk refuses to load (an
  unknown protocol).
- Asterisk rtp.conf: `[general] rtpstart/rtpend`.
- rtpengine.conf: `[rtpengine] port-min/port-max`, `listen-ng`, `listen-cli`.
- rtpproxy (/etc/default/rtpproxy): `-m`/`-M` in EXTRA_OPTS.
- SIPREC server env files: `SIP_PORTS`, `ENABLE_TLS`/`SIP_TLS_ENABLED`, `TLS_PORT`, `RTP_PORT_MIN/MAX`,
  `HTTP_PORT` (the SIPREC HTTP API).
Every function here is pure and never raises.
"""

from __future__ import annotations

import re

from garrison.facts.sip.model import RtpRange, SipListen, SipTransport
from garrison.model import Location

_SECTION = re.compile(r"^\s*\[([^\]]+)\]\s*(\([^)]*\))?")
_KV = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*[:=]>?\s*(.*?)\s*$")


def ini_sections(text: str) -> list[tuple[str, bool, dict[str, tuple[str, int]]]]:
    """INI text -> [(section, is_template, {key: (value, line)})]; `;` and `#` comments dropped."""
    sections: list[tuple[str, bool, dict[str, tuple[str, int]]]] = [("", False, {})]
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.split(r"\s[;#]|^[;#]", raw, maxsplit=1)[0]
        if match := _SECTION.match(line):
            template = bool(match.group(2) and "!" in match.group(2))
            sections.append((match.group(1).strip(), template, {}))
        elif match := _KV.match(line):
            sections[-1][2][match.group(1).lower()] = (match.group(2), number)
    return sections


def _split_addr(text: str, default_port: int) -> tuple[str, int]:
    value = text.strip()
    if value.startswith("["):
        address, _, tail = value[1:].partition("]")
        return address, int(tail[1:]) if tail[1:].isdigit() else default_port
    if value.count(":") == 1:
        address, _, port = value.partition(":")
        return address, int(port) if port.isdigit() else default_port
    return value, default_port


def pjsip_transports(text: str, path: str) -> tuple[SipListen, ...]:
    found = []
    for name, template, keys in ini_sections(text):
        if template or keys.get("type", ("", 0))[0].lower() != "transport":
            continue
        proto = SipTransport.parse(keys.get("protocol", ("udp", 0))[0])
        if proto is None or proto is SipTransport.HTTP:
            continue
        bind, line = keys.get("bind", ("0.0.0.0", keys["type"][1]))
        address, port = _split_addr(bind, 5061 if proto is SipTransport.TLS else 5060)
        found.append(SipListen(proto, address, port, Location(path, line), f"asterisk:{name}"))
    return tuple(found)


def _int(text: str) -> int | None:
    return int(text) if text.strip().isdigit() and 0 < int(text) <= 65535 else None


def range_from(
    keys: dict[str, tuple[str, int]],
    low_key: str,
    high_key: str,
    default: tuple[int, int],
    software: str,
    path: str,
) -> RtpRange:
    low, high = keys.get(low_key), keys.get(high_key)
    low_n = _int(low[0]) if low else None
    high_n = _int(high[0]) if high else None
    line = (low or high or (None, None))[1]
    return RtpRange(low_n or default[0], high_n or default[1], software, Location(path, line))


def rtpengine(text: str, path: str, default: tuple[int, int]) -> tuple[RtpRange, tuple[SipListen, ...]]:
    keys: dict[str, tuple[str, int]] = {}
    for name, _, values in ini_sections(text):
        if name in ("", "rtpengine"):
            keys.update(values)
    controls = []
    for key in ("listen-ng", "listen-cli", "listen-tcp", "listen-udp"):
        if key in keys:
            value, line = keys[key]
            address, port = _split_addr(value, 0)
            if port == 0 and address.isdigit():
                address, port = "*", int(address)
            if port:
                proto = SipTransport.TCP if key in ("listen-cli", "listen-tcp") else SipTransport.UDP
                controls.append(SipListen(proto, address, port, Location(path, line), f"rtpengine {key}"))
    return range_from(keys, "port-min", "port-max", default, "rtpengine", path), tuple(controls)


def rtpproxy(text: str, path: str, default: tuple[int, int]) -> RtpRange:
    text = "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines())
    low = re.search(r"(?<![\w-])-m\s*(\d+)", text)
    high = re.search(r"(?<![\w-])-M\s*(\d+)", text)
    line = None
    for match in (low, high):
        if match:
            line = text.count("\n", 0, match.start()) + 1
            break
    return RtpRange(
        int(low.group(1)) if low and _int(low.group(1)) else default[0],
        int(high.group(1)) if high and _int(high.group(1)) else default[1],
        "rtpproxy",
        Location(path, line),
    )


def env_values(text: str) -> dict[str, tuple[str, int]]:
    values: dict[str, tuple[str, int]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        match = re.match(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$", raw)
        if match and not raw.lstrip().startswith("#"):
            values[match.group(1).upper()] = (match.group(2).strip("\"'"), number)
    return values


def siprec(text: str, path: str) -> tuple[tuple[SipListen, ...], RtpRange | None, bool]:
    """(sockets, RTP range if declared, TLS enabled) from a SIPREC server env file."""
    keys = env_values(text)
    host = keys.get("SIP_HOST", keys.get("BIND_IP", ("0.0.0.0", 0)))[0] or "0.0.0.0"
    sockets: list[SipListen] = []
    if "SIP_PORTS" in keys or "SIP_PORT" in keys:
        value, line = keys.get("SIP_PORTS", keys.get("SIP_PORT", ("", 0)))
        for part in value.split(","):
            if (port := _int(part.strip())) is not None:
                for proto in (SipTransport.UDP, SipTransport.TCP):
                    sockets.append(SipListen(proto, host, port, Location(path, line), "siprec"))
    tls = keys.get("ENABLE_TLS", keys.get("SIP_TLS_ENABLED", ("false", 0)))[0].lower() in ("true", "1", "yes")
    if tls:
        value, line = keys.get("TLS_PORT", keys.get("SIP_TLS_PORT", ("5061", 0)))
        if (port := _int(value)) is not None:
            sockets.append(SipListen(SipTransport.TLS, host, port, Location(path, line or None), "siprec"))
    if "HTTP_PORT" in keys and (port := _int(keys["HTTP_PORT"][0])) is not None:
        http_host = keys.get("HTTP_HOST", (host, 0))[0] or host
        where = Location(path, keys["HTTP_PORT"][1])
        sockets.append(SipListen(SipTransport.HTTP, http_host, port, where, "siprec-api"))
    declared = "RTP_PORT_MIN" in keys or "RTP_PORT_MAX" in keys
    rtp = (
        range_from(keys, "RTP_PORT_MIN", "RTP_PORT_MAX", (10000, 20000), "siprec", path) if declared else None
    )
    return tuple(sockets), rtp, tls
