"""Helpers for the SIP rules: the pack's typed setting values as the shared `Effective`."""

from __future__ import annotations

from garrison.facts.sip import SipValue
from garrison.model import Evidence, Wanted
from garrison.rules.expect import Effective, Source


def effective(value: SipValue) -> Effective[str]:
    """Set at a line (role SETTING when cited), or the built-in default where it belongs (role DEFAULT)."""
    source = Source.DEFAULT if value.is_default else Source.SET
    return Effective(value.value, value.value, value.setting, value.line, source)


def cite(
    value: SipValue, actual: str | None, expected: str | None = None, wanted: Wanted | None = None
) -> Evidence:
    """`value` cited with the text the message shows for it (`actual`)."""
    return effective(value).cite(expected, wanted=wanted, actual=actual)
