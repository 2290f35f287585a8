"""Whether any SIP server is a subject on the target, without loading the SIP pack's parsers: the same
answer `gather_sip` acts on. An audit asks this before it imports the SIP rules."""

from __future__ import annotations

from garrison.options import AuditOptions
from garrison.targets.base import Target

KAMAILIO_CFG = "/etc/kamailio/kamailio.cfg"
PJSIP = "/etc/asterisk/pjsip.conf"
ASTERISK_RTP = "/etc/asterisk/rtp.conf"
RTPENGINE = "/etc/rtpengine/rtpengine.conf"
RTPPROXY = "/etc/default/rtpproxy"
SIPREC_GLOBS = ("/etc/siprec/*.env", "/etc/siprec/.env", "/etc/default/siprec", "/opt/siprec/.env")
ABSENT = "no Kamailio, Asterisk, rtpengine, rtpproxy or SIPREC configuration found"


def absence(target: Target, options: AuditOptions) -> str | None:
    """Why no SIP server is a subject here (none of their configuration files is there), or None."""
    if any(target.stat(p) is not None for p in (KAMAILIO_CFG, PJSIP, RTPENGINE, RTPPROXY)):
        return None
    if any(target.glob(pattern) for pattern in SIPREC_GLOBS):
        return None
    return ABSENT
