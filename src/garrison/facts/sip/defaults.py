"""Built-in defaults of the SIP servers Garrison reads, for the Debian 12 (bookworm) versions.

Kamailio 5.6.3 (core cookbook 5.6.x, checked against `kamailio -c`): without `listen` it binds every local
address; `port` defaults to 5060; TCP is on unless `disable_tcp=yes` (which also turns TLS off); TLS needs
`enable_tls=yes` plus tls.so, on `tls_port_no` (default 5061), and a protocol-less `listen=addr:P` puts its
TLS socket on P+1; `server_signature` defaults to yes and the default `Server:` / `User-Agent:` headers carry
the version, "kamailio (5.6.3 (x86_64/linux))".
rtpengine 10.5 (bookworm): port-min 30000, port-max 40000. rtpproxy 2.1: -m 35000, -M 65000.
Asterisk 20 rtp.conf: rtpstart 5000, rtpend 31000.
"""

from __future__ import annotations

KAMAILIO_VERSION = "5.6.3"
KAMAILIO_PORT = 5060
KAMAILIO_TLS_PORT = 5061
KAMAILIO_SERVER_HEADER = f"Server: kamailio ({KAMAILIO_VERSION} (x86_64/linux))"
KAMAILIO_USER_AGENT = f"User-Agent: kamailio ({KAMAILIO_VERSION} (x86_64/linux))"
RTPENGINE_RANGE = (30000, 40000)
RTPPROXY_RANGE = (35000, 65000)
ASTERISK_RTP_RANGE = (5000, 31000)

#: The tls module's `method` / `tls_method` words (case-insensitive), from the method tables in the tls.so
#: of Debian 12's 5.6.3 and Debian 13's 6.0.1, and what each release does with them (checked by starting
#: them, tests/differential/test_kamailio_tls_methods.py): any other word makes Kamailio refuse to start
#: ("Invalid tls_method parameter value", tls.cfg: "Unsupported enum value"). SSLv2 and SSLv3 are known
#: words that OpenSSL 3 then cannot serve ("Cannot create SSL context").
KAMAILIO_TLS_METHODS = frozenset(
    m.lower()
    for m in (
        "SSLv2", "SSLv3", "SSLv23", "TLSv1", "TLSv1.0", "TLSv1+", "TLSv1.0+",
        "TLSv1.1", "TLSv1.1+", "TLSv1.2", "TLSv1.2+",
    )
)  # fmt: skip
#: In Kamailio 6.0 (Debian 13), not in 5.6; a release in between is given the benefit of the doubt.
KAMAILIO_TLS13_METHODS = frozenset({"tlsv1.3", "tlsv1.3+"})
KAMAILIO_TLS13_FROM = (5, 7)


def kamailio_knows_tls_method(method: str, release: tuple[int, ...]) -> bool:
    """Whether Kamailio `release` (its version numbers) starts with this tls `method` word."""
    word = method.strip().lower()
    return word in KAMAILIO_TLS_METHODS or (word in KAMAILIO_TLS13_METHODS and release >= KAMAILIO_TLS13_FROM)
