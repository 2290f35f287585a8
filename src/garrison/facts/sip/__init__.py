"""sip facts: Kamailio, Asterisk pjsip, rtpengine/rtpproxy and SIPREC server configs (see `gather`)."""

from __future__ import annotations

from garrison.facts.sip.defaults import kamailio_knows_tls_method
from garrison.facts.sip.model import (
    KamailioConfig,
    RtpRange,
    Setting,
    SipFacts,
    SipListen,
    SipTransport,
    Switch,
    TlsMethod,
)
from garrison.facts.sip.settings import (
    KAMAILIO_DEFAULTS,
    cipher_value,
    kamailio_ref,
    kamailio_value,
    listen_value,
    rtp_value,
    siprec_value,
)
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = [
    "KAMAILIO_DEFAULTS",
    "KamailioConfig",
    "RtpRange",
    "Setting",
    "SipFacts",
    "SipListen",
    "SipTransport",
    "Switch",
    "TlsMethod",
    "cipher_value",
    "gatherers",
    "kamailio_knows_tls_method",
    "kamailio_ref",
    "kamailio_value",
    "listen_value",
    "rtp_value",
    "siprec_value",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.sip.gather import gather_sip

    return {SipFacts: gather_sip}
