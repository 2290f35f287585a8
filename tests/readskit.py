"""Record every call each gatherer makes of the target, and check it against the gatherer's declaration.

`RecordingTarget` wraps a target (a `RootDirTarget`, a case's `FixtureTarget`) and logs each call with the
fact type whose gatherer is running (the innermost one: a `NeedsFacts` gatherer's dependencies log their own
calls). `recording_gatherers` wraps a catalog so that each gatherer marks itself running and so that the store
a `NeedsFacts` gatherer gets logs which facts it asks for. `check` then sorts every call into one of three:
- inside the gatherer's static declaration (what a snapshot fetches in its first batch);
- a follow-up: outside it, but named through one of the declaration's `Follow`s by a file or command output
  the gatherer read before, or by a fact it asked for before (`outside`, each with what named it);
- a violation: anything else, an undeclared command, an undeclared fact asked for, no declaration at all.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from garrison.errors import FileUnreadable
from garrison.facts.reads import Access, Follow, FollowKind, Reads, declared
from garrison.facts.store import FactStore, Gatherer, NeedsFacts
from garrison.options import AuditOptions
from garrison.targets.base import Capability, CommandResult, FileStat, Target
from garrison.targets.identity import TargetIdentity


@dataclass(frozen=True, slots=True)
class Call:
    """One call: `access` None for `run` (then `path` is the argv joined) and for a fact asked (`asked`)."""

    fact: type | None
    access: Access | None
    path: str
    depth: int = 0
    argv: tuple[str, ...] = ()
    text: str | None = None  # what a read or a command gave, for the follow-ups it names
    resolved: str | None = None  # what a `resolve` gave
    asked: type | None = None
    value: object = None  # the fact asked for (None when absent or broken)


class RecordingTarget:
    """A target that logs every call of the `Target` protocol, then does it on `inner`."""

    def __init__(self, inner: Target) -> None:
        self.inner = inner
        self.calls: list[Call] = []
        self._running: list[type] = []

    @contextmanager
    def running(self, fact: type) -> Iterator[None]:
        self._running.append(fact)
        try:
            yield
        finally:
            self._running.pop()

    def _log(self, access: Access | None, path: str, **more: Any) -> None:
        self.calls.append(Call(self._running[-1] if self._running else None, access, path, **more))

    @property
    def name(self) -> str:
        return self.inner.name

    def identity(self) -> TargetIdentity:
        return self.inner.identity()

    @property
    def capabilities(self) -> frozenset[Capability]:
        return self.inner.capabilities

    @property
    def live(self) -> bool:
        return self.inner.live

    def read_bytes(self, path: str, **limit: int) -> bytes:
        try:
            data = self.inner.read_bytes(path, **limit)
        except Exception:
            self._log(Access.READ, path)
            raise
        self._log(Access.READ, path, text=data.decode("utf-8", "surrogateescape"))
        return data

    def read_text(self, path: str, **limit: int) -> str:
        try:
            text = self.inner.read_text(path, **limit)
        except Exception:
            self._log(Access.READ, path)
            raise
        self._log(Access.READ, path, text=text)
        return text

    def stat(self, path: str) -> FileStat | None:
        self._log(Access.STAT, path)
        return self.inner.stat(path)

    def lstat(self, path: str) -> FileStat | None:
        self._log(Access.STAT, path)
        return self.inner.lstat(path)

    def resolve(self, path: str, *, follow_final: bool = True) -> str:
        try:
            resolved = self.inner.resolve(path, follow_final=follow_final)
        except Exception:
            self._log(Access.STAT, path)
            raise
        self._log(Access.STAT, path, resolved=resolved)
        return resolved

    def list_dir(self, path: str) -> tuple[str, ...]:
        self._log(Access.LIST, path)
        return self.inner.list_dir(path)

    def glob(self, pattern: str) -> tuple[str, ...]:
        self._log(Access.GLOB, pattern)
        return self.inner.glob(pattern)

    def walk(
        self, top: str, *, max_depth: int = 32, on_error: Callable[[FileUnreadable], None] | None = None
    ) -> Iterator[FileStat]:
        self._log(Access.WALK, top, depth=max_depth)
        return self.inner.walk(top, max_depth=max_depth, on_error=on_error)

    def run(self, argv: Sequence[str], *, timeout: float = 10.0) -> CommandResult:
        result = self.inner.run(argv, timeout=timeout)
        self._log(None, " ".join(argv), argv=tuple(argv), text=result.stdout if result.ran else None)
        return result


class AskingStore:
    """The store a `NeedsFacts` gatherer gets: it logs each fact asked for, then asks the real store."""

    def __init__(self, store: FactStore, target: RecordingTarget) -> None:
        self._store = store
        self._target = target

    def _asked(self, fact_type: type, value: object) -> None:
        source = fact_type if value is None else type(value)  # a shape is answered by facts of many types
        self._target._log(None, source.__name__, asked=fact_type, value=value)

    def get(self, fact_type: type) -> object:
        try:
            value = self._store.get(fact_type)
        except Exception:
            self._asked(fact_type, None)
            raise
        self._asked(fact_type, value)
        return value

    def peek(self, fact_type: type) -> object:
        value = self._store.peek(fact_type)
        self._asked(fact_type, value)
        return value

    def fact_types(self) -> tuple[type, ...]:
        return self._store.fact_types()

    def providers(self, shape: type) -> tuple[object, ...]:
        """Every fact with the shape: asking for the shape (a declared need) names each fact it gives."""
        found = self._store.providers(shape)
        for value in found:
            self._asked(shape, value)
        if not found:
            self._asked(shape, None)
        return found


def recording_gatherers(gatherers: Mapping[type, Gatherer], target: RecordingTarget) -> dict[type, Gatherer]:
    """The same gatherers, each marking itself running on `target` (and its store asking through it)."""

    def plain(fact: type, gather: Gatherer) -> Gatherer:
        def run(inner: Target) -> object:
            with target.running(fact):
                return gather(inner)

        return run

    def needing(fact: type, gather: NeedsFacts) -> NeedsFacts:
        def run(inner: Target, store: FactStore) -> object:
            with target.running(fact):
                return gather.gather(inner, AskingStore(store, target))  # type: ignore[arg-type]

        return NeedsFacts(run)

    return {
        fact: needing(fact, g) if isinstance(g, NeedsFacts) else plain(fact, g)
        for fact, g in gatherers.items()
    }


@dataclass
class Checked:
    """What `check` found: follow-up reads (with what named them), violations, and the declared entries and
    follow-ups the calls used (`(fact, kind, entry)`), to find declarations no fixture exercises."""

    outside: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    used: set[tuple[str, str, object]] = field(default_factory=set)

    def add(self, other: Checked) -> None:
        self.outside += other.outside
        self.violations += other.violations
        self.used |= other.used


def declarations(gatherers: Mapping[type, Gatherer], options: AuditOptions) -> dict[type, Reads | None]:
    return {fact: declared(g, options) for fact, g in gatherers.items()}


def entries(reads: Reads) -> list[tuple[str, object, Reads]]:
    """Each static entry of a declaration on its own: (kind, entry, a declaration of just that)."""
    found: list[tuple[str, object, Reads]] = [("file", f, Reads(files=(f,))) for f in reads.files]
    found += [("glob", g, Reads(globs=(g,))) for g in reads.globs]
    found += [("tree", t, Reads(trees=(t,))) for t in reads.trees]
    return found


def check(calls: Sequence[Call], declared_reads: Mapping[type, Reads | None], where: str) -> Checked:
    checked = Checked()
    by_fact: dict[type | None, list[Call]] = {}
    for item in calls:
        by_fact.setdefault(item.fact, []).append(item)
    for fact, own in by_fact.items():
        if fact is None:
            checked.violations.extend(f"{where}: {c.access} {c.path} outside any gatherer" for c in own)
            continue
        reads = declared_reads.get(fact)
        if reads is None:
            checked.violations.append(f"{where}: {fact.__name__} declares no reads")
            continue
        _check_fact(fact.__name__, own, reads, where, checked)
    return checked


def _check_fact(name: str, calls: Sequence[Call], reads: Reads, where: str, checked: Checked) -> None:
    static = entries(reads)
    named: list[tuple[str, Follow, Reads]] = []  # (what named it, the follow-up, what it allows)
    for item in calls:
        if item.asked is not None:
            if item.asked not in reads.needs:
                checked.violations.append(f"{where}: {name} asks for {item.asked.__name__}, not in its needs")
            for follow in reads.follows:
                if follow.named_by is not None and item.value is not None:
                    named.append((item.path, follow, follow.reads_of(follow.named_by(item.value))))
            continue
        if item.access is None:
            if not reads.allows_command(item.argv):
                checked.violations.append(f"{where}: {name} runs {item.path!r}, not declared")
            else:
                checked.used.add((name, "command", item.argv))
        else:
            _check_path(name, item, static, named, where, checked)
        for follow in reads.follows:
            if item.resolved is not None and follow.kind is FollowKind.LINK:
                named.append((item.path, follow, follow.reads_of((item.resolved,))))
            names = () if item.text is None else follow.names_in(item.text, item.path)
            if names:
                named.append((item.path, follow, follow.reads_of(names)))


#: (fact, access, path, depth) -> the static entries that cover the call (the catalog's declarations are
#: fixed for a test run, and the memo is keyed by the fact's name)
_COVERING: dict[tuple[str, Access, str, int], list[tuple[str, object]]] = {}


def _check_path(
    name: str,
    item: Call,
    static: list[tuple[str, object, Reads]],
    named: list[tuple[str, Follow, Reads]],
    where: str,
    checked: Checked,
) -> None:
    assert item.access is not None
    key = (name, item.access, item.path, item.depth)
    covering = _COVERING.get(key)
    if covering is None:  # the same paths come back in every case folder: judge each once
        covering = _COVERING[key] = [
            (kind, entry) for kind, entry, one in static if one.allows(item.access, item.path, item.depth)
        ]
    if covering:
        checked.used.update((name, kind, entry) for kind, entry in covering)
        return
    depth = f" depth {item.depth}" if item.access is Access.WALK else ""
    what = f"{name}  {item.access} {posixpath.normpath(item.path)}{depth}"
    for source, follow, allows in named:
        if allows.allows(item.access, item.path, item.depth):
            checked.outside.append(f"{where}  {what}  <- {follow.kind} named by {source}")
            checked.used.add((name, "follow", follow))
            return
    checked.violations.append(f"{where}: {what}: outside the declaration and named by nothing it read")
