"""Gather each kind of fact once per audit, cache it by type, and capture failures as values.

A gatherer is `gather_<subject>(target) -> <Subject>Facts` (a provider binds extra options with
`functools.partial` in its `gatherers(options)`). It may raise:
- `SubjectAbsent`: the subject is not on this host (rules that need it are `not_applicable`);
- `FactError`: the subject is there but could not be read or parsed (rules report `error` with the location);
- `LiveStateUnavailable`: the fact needs a live host (rules report `unknown`).
A `TargetFileError` is turned into a `FactError` at that file; any other exception is recorded as an internal
`FactError` so that one broken gatherer never sinks the audit. A gatherer that runs past the store's time
budget (`garrison.budget`) is stopped and recorded as a `FactError` "gave up after N s"; facts it was
waiting on that were cut short with it are recorded the same way.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from garrison.budget import BudgetExceeded, time_budget
from garrison.errors import TargetFileError
from garrison.model import Location
from garrison.targets.base import Target

T = TypeVar("T")
Gatherer = Callable[[Target], object]


class NeedsFacts:
    """Wraps a gatherer that builds on other facts: it is called as `gather(target, store)`.

    Use for facts that combine packs (every service's TLS files, every service's listeners). The store
    detects a dependency cycle and reports it as a `FactError`.
    """

    def __init__(self, gather: Callable[[Target, FactStore], object]) -> None:
        self.gather = gather
        self.__name__ = getattr(gather, "__name__", "gather")

    def __call__(self, target: Target) -> object:
        raise TypeError("a NeedsFacts gatherer is called by the FactStore with the store")


class FactProblem(Exception):
    """Base of the three ways a fact can be missing."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message if location is None else f"{location}: {message}")
        self.message = message
        self.location = location


class FactError(FactProblem):
    """The subject exists but could not be read or understood."""


class SubjectAbsent(FactProblem):
    """The subject (a program, a config) is not present on the target."""


class LiveStateUnavailable(FactProblem):
    """The fact needs live state (a running kernel, a command) that this target cannot give."""


def fact_error_from(exc: TargetFileError) -> FactError:
    return FactError(exc.message, Location(exc.path))


class FactStore:
    """Computes each fact type at most once and remembers values and failures alike."""

    def __init__(
        self, target: Target, gatherers: Mapping[type, Gatherer], *, budget: float | None = None
    ) -> None:
        self.target = target
        self.budget = budget
        self._gatherers = gatherers
        self._cache: dict[type, object] = {}
        self._failures: dict[type, FactProblem] = {}
        self._in_progress: set[type] = set()

    def fact_types(self) -> tuple[type, ...]:
        """Every fact type this store can gather, in catalog order (for facts built from all packs that
        offer a shape, such as listeners or TLS file references: no hidden list of packs)."""
        return tuple(self._gatherers)

    def providers(self, shape: type[T]) -> tuple[T, ...]:
        """The gathered facts whose type declares `shape` as a base (a Protocol such as `ReportsListeners`),
        in catalog order; a pack whose subject is absent or broken offers nothing (its own rules say why)."""
        offered = [t for t in self._gatherers if shape in t.__mro__ and t not in self._in_progress]
        found = (self.peek(t) for t in offered)
        return tuple(cast(T, facts) for facts in found if facts is not None)

    def peek(self, fact_type: type[T]) -> T | None:
        """The fact, or None when it is absent, broken or unavailable (for optional inputs), or not gathered
        in this audit at all (a gated provider left out because its subject is absent: `facts.catalog`)."""
        if fact_type not in self._gatherers and fact_type not in self._cache:
            return None
        try:
            return self.get(fact_type)
        except FactProblem:
            return None

    def get(self, fact_type: type[T]) -> T:
        if fact_type in self._cache:
            return cast(T, self._cache[fact_type])
        if fact_type in self._failures:
            raise _bare(self._failures[fact_type])
        gatherer = self._gatherers.get(fact_type)
        if gatherer is None:
            raise LookupError(f"no gatherer registered for {fact_type.__qualname__}")
        if fact_type in self._in_progress:
            raise FactError(f"fact dependency cycle through {fact_type.__name__}")
        self._in_progress.add(fact_type)
        try:
            with time_budget(self.budget):
                if isinstance(gatherer, NeedsFacts):
                    value: Any = gatherer.gather(self.target, self)
                else:
                    value = gatherer(self.target)
        except BudgetExceeded as exc:
            problem = FactError(f"{exc} while reading {fact_type.__name__} (the time budget)")
            self._failures[fact_type] = _bare(problem)
            if len(self._in_progress) > 1:  # an outer gatherer shares the deadline: it stops too
                raise
            raise problem from None
        except FactProblem as exc:
            self._failures[fact_type] = _bare(exc)
            raise
        except TargetFileError as exc:
            problem = fact_error_from(exc)
            self._failures[fact_type] = _bare(problem)
            raise problem from None
        except Exception as exc:  # a gatherer bug: record it as this fact's error, keep auditing
            problem = FactError(f"internal error while gathering {fact_type.__name__}: {exc!r}")
            self._failures[fact_type] = _bare(problem)
            raise problem from None
        finally:
            self._in_progress.discard(fact_type)
        self._cache[fact_type] = value
        return cast(T, value)


def _bare(problem: FactProblem) -> FactProblem:
    """A copy without traceback or chained exceptions. A remembered failure that kept its traceback would keep
    the frames that raised it, and through them this store and every fact, alive in a reference cycle after
    the audit (the collector frees those late: repeated audits in one process grew by 90 MB each)."""
    bare = copy.copy(problem)
    bare.__traceback__ = bare.__context__ = bare.__cause__ = None
    return bare
