"""Keep Python's cyclic garbage collector from walking large fact trees again and again.

A parser that turns a 5 MB config into a million small objects (tokens, directives, locations) triggers the
cyclic collector every few hundred allocations, and each older-generation pass walks the whole tree built so
far: on a 30,000-server nginx.conf that was close to half of the parse time. The trees are acyclic (reference
counting frees them), so nothing is lost by not looking for cycles while they are built; the previous state
is restored on the way out, also when the body raises. `facts_set_aside` does the same for a whole audit.

    with paused_gc():
        parsed = parse(...)
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_SET_ASIDE = [False]  # inside `facts_set_aside`, whose end undoes every freeze


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection in the body; within an audit (`facts_set_aside`) what it built is set aside."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _SET_ASIDE[0]:
            gc.freeze()
        if was_enabled:
            gc.enable()


@contextmanager
def facts_set_aside() -> Iterator[Callable[[], None]]:
    """For one audit: the facts gathered so far live until its end, yet the cyclic collector would walk them
    again at every full collection (six walks of a million nginx objects took 3 s of a 9 s audit). Call the
    yielded `set_aside()` after each step: what is alive then moves to the permanent generation
    (`gc.freeze`), out of the collector's sight; on the way out it all moves back (`gc.unfreeze`) and is
    collected as usual. Where the caller already froze objects of its own, nothing is done."""
    if gc.get_freeze_count() or _SET_ASIDE[0]:
        yield lambda: None
        return
    _SET_ASIDE[0] = True
    try:
        yield gc.freeze
    finally:
        _SET_ASIDE[0] = False
        gc.unfreeze()
