"""The common shape of facts whose every verdict must carry a note: a configuration the program would refuse
to load, judged anyway from what could still be read (issue 9: invalid files still get judged).

A facts class declares it by naming `NotedFacts` as a base and returning its notes from `verdict_notes()`
(`("judged from a configuration sshd would refuse (/etc/ssh/sshd_config:3)",)`, or `()` for a valid one).
The engine appends them to the message of every pass, fail and unknown outcome a rule gives from those facts
(`noted`): a verdict judged from an invalid file says so, whatever rule gave it. An `error` or
`not_applicable` outcome keeps its message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol, cast

from garrison.model import Outcome, Status


class NotedFacts(Protocol):
    """Facts whose verdicts carry notes (an invalid configuration that was judged anyway)."""

    __slots__ = ()

    def verdict_notes(self) -> tuple[str, ...]: ...


_NOTED = frozenset({Status.PASS, Status.FAIL, Status.UNKNOWN})


def noted(outcome: Outcome, facts: Iterable[object]) -> Outcome:
    """The outcome with the notes of every `NotedFacts` among `facts` appended: `message [note; note]`."""
    if outcome.status not in _NOTED:
        return outcome
    notes: list[str] = []
    for fact in facts:
        if NotedFacts in type(fact).__mro__:
            notes.extend(cast(NotedFacts, fact).verdict_notes())
    if not notes:
        return outcome
    return replace(outcome, message=f"{outcome.message} [{'; '.join(dict.fromkeys(notes))}]")
