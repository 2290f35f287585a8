"""The engine on small purpose-built rules and gatherers: fact caching, failure outcomes, waivers, score."""

from __future__ import annotations

import contextlib
import signal
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from garrison.engine import evaluate, run_audit, select_rules
from garrison.errors import FileNotText
from garrison.facts.store import FactError, FactStore, LiveStateUnavailable, NeedsFacts, SubjectAbsent
from garrison.model import Location, Outcome, Severity, Status, evidence, failed, passed
from garrison.rules.registry import rule
from garrison.score import hardening_index
from garrison.targets.base import Target
from garrison.targets.rootdir import RootDirTarget
from garrison.waivers import Waiver


@dataclass(frozen=True, slots=True)
class LineFacts:
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CountFacts:
    count: int


def meta(rule_id: str, severity: Severity = Severity.HIGH) -> dict[str, object]:
    return {
        "id": rule_id,
        "title": "t",
        "problem": "p",
        "severity": severity,
        "rationale": "r",
        "remediation": "x = 1",
    }


@rule(**meta("demo.has-lines"))  # type: ignore[arg-type]
def has_lines(facts: LineFacts) -> Outcome:
    if facts.lines:
        return passed("has lines")
    return failed("empty", evidence("/etc/demo.conf", None, "nothing", "something"))


@rule(**meta("demo.crashes", Severity.LOW))  # type: ignore[arg-type]
def crashes(facts: LineFacts) -> Outcome:
    raise RuntimeError("boom")


@rule(**meta("demo.counted", Severity.MEDIUM))  # type: ignore[arg-type]
def counted(facts: CountFacts) -> Outcome:
    return passed(f"{facts.count} lines") if facts.count < 3 else failed("too many")


def test_facts_are_gathered_once_and_shared(tmp_path: Path) -> None:
    calls: list[str] = []

    def gather_lines(target: Target) -> LineFacts:
        calls.append("lines")
        return LineFacts(tuple(target.read_text("/etc/demo.conf").splitlines()))

    def gather_count(target: Target, store: FactStore) -> CountFacts:
        return CountFacts(len(store.get(LineFacts).lines))

    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/demo.conf").write_text("a\nb\nc\n")
    result = run_audit(
        RootDirTarget(str(tmp_path)),
        [has_lines, crashes, counted],
        gatherers={LineFacts: gather_lines, CountFacts: NeedsFacts(gather_count)},
    )
    assert calls == ["lines"]
    statuses = {f.rule_id: f.status for f in result.findings}
    assert statuses == {
        "demo.has-lines": Status.PASS,
        "demo.crashes": Status.ERROR,
        "demo.counted": Status.FAIL,
    }
    crash = next(f for f in result.findings if f.rule_id == "demo.crashes")
    assert "boom" in crash.message
    assert next(f.status for f in result.findings) is Status.FAIL  # failures sort first


def test_fact_problems_become_outcomes(tmp_path: Path) -> None:
    target = RootDirTarget(str(tmp_path))

    def absent(target: Target) -> LineFacts:
        raise SubjectAbsent("demo is not installed")

    def broken(target: Target) -> LineFacts:
        raise FactError("bad value", Location("/etc/demo.conf", 7))

    def offline(target: Target) -> LineFacts:
        raise LiveStateUnavailable("needs a live host")

    def not_text(target: Target) -> LineFacts:
        raise FileNotText("/etc/demo.conf", "binary file")

    def buggy(target: Target) -> LineFacts:
        raise KeyError("oops")

    cases = [
        (absent, Status.NOT_APPLICABLE),
        (broken, Status.ERROR),
        (offline, Status.UNKNOWN),
        (not_text, Status.ERROR),
        (buggy, Status.ERROR),
    ]
    for gatherer, status in cases:
        outcome = evaluate(has_lines, FactStore(target, {LineFacts: gatherer}))
        assert outcome.status is status, (gatherer.__name__, outcome)
    broken_outcome = evaluate(has_lines, FactStore(target, {LineFacts: broken}))
    assert [str(e.location) for e in broken_outcome.evidence] == ["/etc/demo.conf:7"]
    assert "/etc/demo.conf" in evaluate(has_lines, FactStore(target, {LineFacts: not_text})).message


def test_dependency_cycle_is_an_error(tmp_path: Path) -> None:
    def gather_count(target: Target, store: FactStore) -> CountFacts:
        return store.get(CountFacts)

    outcome = evaluate(
        counted, FactStore(RootDirTarget(str(tmp_path)), {CountFacts: NeedsFacts(gather_count)})
    )
    assert outcome.status is Status.ERROR and "cycle" in outcome.message


def test_waivers_hide_failures_until_they_expire(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/demo.conf").write_text("")
    gatherers = {LineFacts: lambda t: LineFacts(())}
    waiver = Waiver("demo.*", "accepted for the lab", date(2026, 12, 31))
    kept = run_audit(
        RootDirTarget(str(tmp_path)),
        [has_lines],
        gatherers=gatherers,
        waivers=[waiver],
        today=date(2026, 12, 31),
    )
    assert kept.findings[0].status is Status.WAIVED
    assert kept.findings[0].waiver_reason == "accepted for the lab"
    expired = run_audit(
        RootDirTarget(str(tmp_path)),
        [has_lines],
        gatherers=gatherers,
        waivers=[waiver],
        today=date(2027, 1, 1),
    )
    assert expired.findings[0].status is Status.FAIL


def test_selection_by_globs() -> None:
    rules = [has_lines, crashes, counted]
    assert [r.id for r in select_rules(rules, ["demo.c*"])] == ["demo.crashes", "demo.counted"]
    assert [r.id for r in select_rules(rules, [], ["demo.crashes"])] == ["demo.has-lines", "demo.counted"]


def test_score_weights_by_severity_over_decided_rules(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/demo.conf").write_text("a\nb\nc\n")
    gatherers = {LineFacts: lambda t: LineFacts(("a", "b", "c")), CountFacts: lambda t: CountFacts(3)}
    result = run_audit(RootDirTarget(str(tmp_path)), [has_lines, crashes, counted], gatherers=gatherers)
    # has-lines high (6) passes, counted medium (3) fails, crashes errors and is left out: 6 / 9
    assert hardening_index(result.findings) == 67
    assert hardening_index([]) is None  # nothing decided: no index, never a 100/100


def test_a_fact_without_gatherer_is_an_error_not_a_crash(tmp_path: Path) -> None:
    outcome = evaluate(has_lines, FactStore(RootDirTarget(str(tmp_path)), {}))
    assert outcome.status is Status.ERROR and "no gatherer" in outcome.message


def _spin(seconds: float) -> None:
    """Pure-Python work for `seconds` (a stand-in for a parser on a hostile input)."""
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(100))


def test_a_stalled_gatherer_gives_up_within_its_budget(tmp_path: Path) -> None:
    """Class 7: a pack that never finishes ends in error "gave up after N s"; the audit goes on."""
    import time

    def stalled(target: Target) -> LineFacts:
        with contextlib.suppress(Exception):  # a library's broad handler must not swallow the budget
            _spin(60)
        return LineFacts(("never",))

    def counting(target: Target, store: FactStore) -> CountFacts:
        return CountFacts(len(store.get(LineFacts).lines))

    clock = time.monotonic()
    result = run_audit(
        RootDirTarget(str(tmp_path)),
        [has_lines, counted, crashes],
        gatherers={LineFacts: stalled, CountFacts: NeedsFacts(counting)},
        budget=0.5,
    )
    assert time.monotonic() - clock < 5  # both facts failed together: one budget, not one per rule
    statuses = {f.rule_id: (f.status, f.message) for f in result.findings}
    for rule_id in ("demo.has-lines", "demo.counted", "demo.crashes"):
        status, message = statuses[rule_id]
        assert status is Status.ERROR and "gave up after 0.5 s" in message, message


@rule(**meta("demo.slow-rule"))  # type: ignore[arg-type]
def slow_rule(facts: LineFacts) -> Outcome:
    _spin(60)
    return passed("finally")


def test_a_stalled_rule_gives_up_within_its_budget(tmp_path: Path) -> None:
    result = run_audit(
        RootDirTarget(str(tmp_path)),
        [slow_rule, has_lines],
        gatherers={LineFacts: lambda target: LineFacts(("a",))},
        budget=0.3,
    )
    statuses = {f.rule_id: (f.status, f.message) for f in result.findings}
    assert (
        statuses["demo.slow-rule"][0] is Status.ERROR
        and "gave up after 0.3 s" in statuses["demo.slow-rule"][1]
    )
    assert statuses["demo.has-lines"][0] is Status.PASS


def test_an_audit_restores_the_callers_alarm_handler(tmp_path: Path) -> None:
    """One handler serves every budget of an audit; afterwards SIGALRM is the caller's again, disarmed."""

    def mine(_signum: int, _frame: object) -> None:
        raise AssertionError("the audit left an alarm armed")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        result = run_audit(
            RootDirTarget(str(tmp_path)),
            [slow_rule, has_lines],
            gatherers={LineFacts: lambda target: LineFacts(("a",))},
            budget=0.3,
        )
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert [f.status for f in result.findings if f.rule_id == "demo.slow-rule"] == [Status.ERROR]
