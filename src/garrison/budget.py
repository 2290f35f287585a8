"""Time budgets: a fact pack or a rule that runs too long ends in an `error` ("gave up after N s") instead of
stalling the audit.

Parsers are written to be linear, but a hostile config can still find a slow path (a library's parser, an
unforeseen quadratic loop). The budget is a wall-clock alarm (SIGALRM via `setitimer`) that raises
`BudgetExceeded` in the running Python code; it is armed only in the main thread (elsewhere, and where the
platform has no `setitimer`, code runs unbounded) and only by the outermost caller, so nested fact gathering
shares one deadline. `BudgetExceeded` derives from `BaseException` so that no `except Exception` in a
parser or library can swallow it. A long call inside C code (one huge regular-expression match) is only
interrupted when it returns to Python.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: Default budget, in seconds, for gathering one fact (a pack's parse of its configs) and for one rule.
DEFAULT_SECONDS = 20.0


class BudgetExceeded(BaseException):
    """The time budget ran out (raised from the alarm handler inside the code that took too long)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"gave up after {seconds:g} s")
        self.seconds = seconds


_state = threading.local()  # on: a budget is running; seconds: its length; installed: our handler is set


def _can_arm() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not getattr(_state, "on", False)
    )


def _expire(_signum: int, _frame: FrameType | None) -> None:
    raise BudgetExceeded(_state.seconds)


@contextmanager
def alarm_handler() -> Iterator[None]:
    """Install the alarm handler once for many budgets (an audit's facts and rules), so that each
    `time_budget` inside only sets the timer; the previous handler is restored on the way out."""
    if not _can_arm() or getattr(_state, "installed", False):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    _state.installed = True
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _state.installed = False
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise `BudgetExceeded` in the body if it runs longer than `seconds` (None or <= 0: no budget)."""
    if not seconds or seconds <= 0 or not _can_arm():
        yield
        return
    with alarm_handler():
        _state.on, _state.seconds = True, seconds
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _state.on = False
