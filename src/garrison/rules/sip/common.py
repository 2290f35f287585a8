"""Helpers shared by the SIP rules: what a rule judges only where its configuration exists."""

from __future__ import annotations

from collections.abc import Callable

from garrison.facts.sip import KamailioConfig, SipFacts
from garrison.model import Outcome, not_applicable


def on_kamailio(sip: SipFacts, check: Callable[[KamailioConfig], Outcome]) -> Outcome:
    """`check` on the Kamailio configuration; not applicable where there is none."""
    if sip.kamailio is None:
        return not_applicable("no Kamailio configuration found")
    return check(sip.kamailio)
