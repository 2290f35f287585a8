"""Kamailio's sockets: `listen=` values and the effective sockets with the 5.6.3 defaults
(`garrison.facts.sip.defaults`): no `listen` binds every address, TCP unless disable_tcp, TLS with
enable_tls and tls.so. Pure."""

from __future__ import annotations

from garrison.facts.placeholders import mask_placeholders
from garrison.facts.sip import defaults
from garrison.facts.sip.model import KamailioConfig, Setting, SipListen, SipTransport
from garrison.model import Location

#: A `listen=` value as read: (protocol or None, address, port or None, where).
ExplicitListen = tuple[SipTransport | None, str, int | None, Location]


def unquote(value: str) -> str:
    text = value.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def parse_listen(value: str, where: Location | None) -> list[tuple[SipTransport | None, str, int | None]]:
    """`[proto:]addr[:port] [advertise ..] [name ..]` -> [(proto or None, address, port or None)]."""
    text = mask_placeholders(unquote(value))  # keep an unrendered placeholder in one token
    token = text.split()[0] if text.split() else ""
    proto: SipTransport | None = None
    head, sep, rest = token.partition(":")
    named = SipTransport.parse(head) if sep else None
    if named is not None and named is not SipTransport.HTTP:
        proto, token = named, rest
    elif sep and head.lower() == "any":
        token = rest
    port: int | None = None
    if token.startswith("["):
        end = token.find("]")
        address, tail = token[1:end] if end > 0 else token, token[end + 1 :] if end > 0 else ""
        if tail.startswith(":") and tail[1:].isdigit():
            port = int(tail[1:])
    else:
        address, sep, tail = token.rpartition(":")
        if token.count(":") > 1 or not sep or not tail.isdigit():  # no port, or a bare IPv6 address
            address, port = token, None
        else:
            port = int(tail)
    return [(proto, address.strip('"') or "*", port)]


def _yes(setting: Setting | None, default: bool) -> bool:
    if setting is None:
        return default
    return setting.value.strip().lower() in ("yes", "on", "true", "1")


def _int(setting: Setting | None, default: int) -> int:
    try:
        return int(setting.value) if setting is not None else default
    except ValueError:
        return default


def effective_listens(config: KamailioConfig, explicit: list[ExplicitListen]) -> tuple[SipListen, ...]:
    tcp = not _yes(config.setting("disable_tcp"), False)
    # TLS runs over Kamailio's TCP layer: disable_tcp=yes turns it off too (checked with `kamailio -c`)
    tls = tcp and _yes(config.setting("enable_tls"), False) and config.module("tls") is not None
    port = _int(config.setting("port"), defaults.KAMAILIO_PORT)
    tls_port = _int(config.setting("tls_port_no"), defaults.KAMAILIO_TLS_PORT)
    protos = [SipTransport.UDP, *([SipTransport.TCP] if tcp else []), *([SipTransport.TLS] if tls else [])]
    sockets: list[SipListen] = []
    if not explicit:
        for proto in protos:
            sockets.append(SipListen(proto, "*", tls_port if proto is SipTransport.TLS else port, None))
        return tuple(sockets)
    for wanted, address, number, where in explicit:
        choices = [wanted] if wanted is not None else protos
        for item in choices:
            if item in (SipTransport.TCP, SipTransport.TLS, SipTransport.WS, SipTransport.WSS) and not tcp:
                continue
            if item is SipTransport.TLS and not tls:
                continue
            if number is None:
                number_for = tls_port if item is SipTransport.TLS else port
            else:  # a protocol-less listen with a port puts TLS on the next port (checked with `kamailio -c`)
                number_for = number + 1 if item is SipTransport.TLS and wanted is None else number
            sockets.append(SipListen(item, address, number_for, where))
    return tuple(sockets)
