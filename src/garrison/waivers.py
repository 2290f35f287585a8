"""Waivers: accepted risks from `garrison.toml`, matched by rule-id glob, optionally until an expiry date."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Waiver:
    rule: str  # an id or a glob (`ssh.*`)
    reason: str
    expires: date | None = None
    #: Where it was written, for messages: `garrison.toml: waiver #2`.
    source: str = "waiver"

    def active(self, today: date) -> bool:
        return self.expires is None or today <= self.expires

    def matches(self, rule_id: str) -> bool:
        return fnmatch.fnmatchcase(rule_id, self.rule)


def match_waiver(waivers: Sequence[Waiver], rule_id: str, today: date) -> Waiver | None:
    """The first active waiver whose glob matches; an expired waiver no longer hides the finding."""
    return next((w for w in waivers if w.matches(rule_id) and w.active(today)), None)


def expired_waiver(waivers: Sequence[Waiver], rule_id: str, today: date) -> Waiver | None:
    """The matching waiver whose expiry date has passed (shown beside the finding it no longer hides)."""
    return next((w for w in waivers if w.matches(rule_id) and not w.active(today)), None)
