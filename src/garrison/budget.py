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


_armed = threading.local()


def _can_arm() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not getattr(_armed, "on", False)
    )


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise `BudgetExceeded` in the body if it runs longer than `seconds` (None or <= 0: no budget)."""
    if not seconds or seconds <= 0 or not _can_arm():
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise BudgetExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    _armed.on = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _armed.on = False
        signal.signal(signal.SIGALRM, previous)
