"""The one verdict vocabulary of the knowledge tables: how an algorithm, protocol or cipher family rates."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """`preferred` and `ok` pass; `weak` (below today's margins, deprecated) and `broken` (practical attacks,
    or no protection at all) fail wherever a rule judges the thing."""

    PREFERRED = "preferred"
    OK = "ok"
    WEAK = "weak"
    BROKEN = "broken"

    @property
    def fails(self) -> bool:
        return self in (Verdict.WEAK, Verdict.BROKEN)
