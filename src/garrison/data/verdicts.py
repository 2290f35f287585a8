"""The one verdict vocabulary of the knowledge tables: how an algorithm, protocol or cipher family rates."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

K = TypeVar("K", bound=str)


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


@dataclass(frozen=True, slots=True)
class Rated(Generic[K]):
    """One row of a knowledge table: the thing (a curve, a hash, a protocol), its verdict and why."""

    name: K
    verdict: Verdict
    reason: str


def by_name(*rows: Rated[K]) -> dict[K, Rated[K]]:
    """A table of rated things, by name."""
    return {row.name: row for row in rows}
