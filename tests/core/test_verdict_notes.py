"""Verdicts from facts that declare notes (`facts.notes.NotedFacts`: an invalid file judged anyway) say so."""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.notes import NotedFacts, noted
from garrison.model import errored, failed, not_applicable, passed


@dataclass(frozen=True, slots=True)
class _Invalid(NotedFacts):
    notes: tuple[str, ...]

    def verdict_notes(self) -> tuple[str, ...]:
        return self.notes


def test_pass_fail_and_unknown_carry_the_notes_once() -> None:
    facts = (_Invalid(("judged from a file x would refuse (/x:3)",)), object(), _Invalid(()))
    assert noted(passed("fine"), facts).message == "fine [judged from a file x would refuse (/x:3)]"
    note = "judged from a file x would refuse (/x:3)"
    assert noted(failed("bad"), [*facts, facts[0]]).message == f"bad [{note}]"


def test_errors_and_not_applicable_and_plain_facts_are_unchanged() -> None:
    facts = (_Invalid(("note",)),)
    assert noted(errored("broken"), facts).message == "broken"
    assert noted(not_applicable("absent"), facts).message == "absent"
    assert noted(passed("fine"), (object(), _Invalid(()))).message == "fine"
