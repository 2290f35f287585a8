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

    def active(self, today: date) -> bool:
        return self.expires is None or today <= self.expires


def match_waiver(waivers: Sequence[Waiver], rule_id: str, today: date) -> Waiver | None:
    """The first active waiver whose glob matches; an expired waiver no longer hides the finding."""
    for waiver in waivers:
        if fnmatch.fnmatchcase(rule_id, waiver.rule) and waiver.active(today):
            return waiver
    return None
