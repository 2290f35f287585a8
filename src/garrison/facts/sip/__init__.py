"""sip facts: Kamailio, Asterisk pjsip, rtpengine/rtpproxy and SIPREC server configs (see `gather`).

A lazy face (`facts.lazyface`): `presence` answers whether a SIP server is a subject here without loading
the models and parsers below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from garrison.facts.lazyface import homes, lazy_face

if TYPE_CHECKING:
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

_MODEL = ("KamailioConfig", "RtpRange", "Setting", "SipFacts", "SipListen", "SipTransport", "Switch")
_SETTINGS = ("KAMAILIO_DEFAULTS", "cipher_value", "kamailio_ref", "kamailio_value", "listen_value")
__getattr__ = lazy_face(
    __name__,
    homes(**{
        "garrison.facts.sip.defaults": ("kamailio_knows_tls_method",),
        "garrison.facts.sip.model": (*_MODEL, "TlsMethod"),
        "garrison.facts.sip.settings": (*_SETTINGS, "rtp_value", "siprec_value"),
    }),
)  # fmt: skip


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.sip.gather import gather_sip
    from garrison.facts.sip.model import SipFacts

    return {SipFacts: gather_sip}
