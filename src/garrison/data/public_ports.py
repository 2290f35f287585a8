"""Ports of services that are meant to be reached by anyone on the internet, beyond the exposure table's
`public` entries (src/garrison/data/exposure.toml): mail, DNS, HTTP/3, VPN endpoints, time.

A firewall accept from anywhere for a port in neither table opens something no public service uses there
(firewall.open-ports-known). Ports and protocols are IANA's assignments (service-names-port-numbers) and the
RFCs named per entry; WireGuard has no IANA port, 51820/udp is its documented default (wg(8)).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Transport(StrEnum):
    TCP = "tcp"
    UDP = "udp"


@dataclass(frozen=True, slots=True)
class PublicPort:
    port: int
    proto: Transport
    service: str
    source: str


_T, _U = Transport.TCP, Transport.UDP

PUBLIC_PORTS: tuple[PublicPort, ...] = (
    PublicPort(25, _T, "SMTP (mail exchange)", "RFC 5321"),
    PublicPort(53, _T, "DNS", "RFC 1035, RFC 7766"),
    PublicPort(53, _U, "DNS", "RFC 1035"),
    PublicPort(68, _U, "DHCP client (servers' replies; ufw's before.rules accepts it)", "RFC 2131 (bootpc)"),
    PublicPort(80, _T, "HTTP", "RFC 9110"),
    PublicPort(110, _T, "POP3", "RFC 1939"),
    PublicPort(123, _U, "NTP", "RFC 5905"),
    PublicPort(143, _T, "IMAP", "RFC 9051"),
    PublicPort(443, _T, "HTTPS", "RFC 9110"),
    PublicPort(443, _U, "HTTP/3 (QUIC)", "RFC 9114"),
    PublicPort(465, _T, "mail submission over TLS", "RFC 8314"),
    PublicPort(500, _U, "IKE (IPsec VPN)", "RFC 7296"),
    PublicPort(587, _T, "mail submission", "RFC 6409"),
    PublicPort(853, _T, "DNS over TLS", "RFC 7858"),
    PublicPort(993, _T, "IMAP over TLS", "RFC 8314"),
    PublicPort(995, _T, "POP3 over TLS", "RFC 8314"),
    PublicPort(1194, _U, "OpenVPN", "IANA openvpn"),
    PublicPort(3478, _T, "STUN/TURN", "RFC 8489, RFC 8656"),
    PublicPort(3478, _U, "STUN/TURN", "RFC 8489, RFC 8656"),
    PublicPort(4500, _U, "IPsec NAT traversal", "RFC 3948"),
    PublicPort(5222, _T, "XMPP client connections", "RFC 6120"),
    PublicPort(5269, _T, "XMPP server-to-server", "RFC 6120"),
    PublicPort(5349, _T, "STUN/TURN over TLS", "RFC 8489"),
    PublicPort(5349, _U, "STUN/TURN over DTLS", "RFC 8489"),
    PublicPort(51820, _U, "WireGuard", "wg(8) default ListenPort"),
)


def public_port_keys() -> frozenset[tuple[int, str]]:
    """(port, "tcp"|"udp") of every entry."""
    return frozenset((p.port, p.proto.value) for p in PUBLIC_PORTS)
