"""sip facts: Kamailio, Asterisk pjsip, rtpengine/rtpproxy and SIPREC server configs (see `gather`)."""

from __future__ import annotations

from garrison.facts.sip.model import SipFacts
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.sip.gather import gather_sip

    return {SipFacts: gather_sip}
