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
