"""One nginx configuration level (main, http, server, location, `if`, upstream) with nginx's inheritance
rule for http-module directives: a level that defines a directive uses its own occurrences, one that defines
none inherits all of the nearest enclosing level's."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from garrison.effective import Effective
from garrison.facts.nginx.parse import Directive
from garrison.facts.placeholders import find_placeholder
from garrison.model import Location


def placeholder_in(values: tuple[str, ...]) -> str | None:
    """The first unrendered template placeholder among the values, if any."""
    for value in values:
        if "{" not in value and "<" not in value:
            continue  # every placeholder form has one of them
        found = find_placeholder(value, env="upper")  # nginx's own variables are lower case: ${host}
        if found:
            return found
    return None


class Level(StrEnum):
    """The configuration levels Garrison models: the main context and the http module's blocks. Other blocks
    (events, map, types, stream, limit_except, ...) are not levels: their directives never reach a rule."""

    MAIN = "main"
    HTTP = "http"
    SERVER = "server"
    LOCATION = "location"
    IF = "if"
    UPSTREAM = "upstream"


_LEVELS: dict[str, Level] = {level.value: level for level in Level}


@dataclass(frozen=True, slots=True)
class Scope:
    """One configuration level: its own directives and the level it inherits from."""

    kind: Level
    args: tuple[str, ...]
    directives: tuple[Directive, ...]
    location: Location
    parent: Scope | None = None
    # built on first use, so that a level with 30,000 servers is not scanned once per lookup
    _own: dict[str, tuple[Directive, ...]] | None = field(default=None, init=False, repr=False, compare=False)
    _inherited: dict[str, tuple[Directive, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _blocks: dict[tuple[Level, ...], tuple[Scope, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _nested: tuple[Scope, ...] | None = field(default=None, init=False, repr=False, compare=False)
    #: the block's name in setting references (`effective.block_name`), built when first asked
    _name: str | None = field(default=None, init=False, repr=False, compare=False)
    #: `effective.value_at` of the directives this level sets, by name, built when first asked
    _values: dict[str, Effective[tuple[str, ...]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    #: on the main level only: commented-out directives by name (`NginxFacts.commented`), where absent
    #: directives are cited
    _comments: Mapping[str, tuple[Location, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    #: the last line of the block's own file that a directive of it starts on (`last_line`), built when asked
    _last: int | None = field(default=None, init=False, repr=False, compare=False)

    def own(self, name: str) -> tuple[Directive, ...]:
        index = self._own
        if index is None:
            index = self._index()
        return index.get(name, ())

    def _index(self) -> dict[str, tuple[Directive, ...]]:
        """This level's simple directives by name, built once."""
        lists: dict[str, list[Directive]] = {}
        for item in self.directives:
            if item.block is None:
                lists.setdefault(item.name, []).append(item)
        index = {key: tuple(found) for key, found in lists.items()}
        object.__setattr__(self, "_own", index)
        return index

    def effective(self, name: str) -> tuple[Directive, ...]:
        """The occurrences that apply here: this level's, else the nearest enclosing level's."""
        known = self._inherited
        if known is not None and name in known:
            return known[name]
        walked: list[Scope] = []
        scope: Scope | None = self
        found: tuple[Directive, ...] = ()
        while scope is not None:
            known = scope._inherited
            if known is not None and name in known:
                found = known[name]
                break
            walked.append(scope)
            found = scope.own(name)
            if found:
                break
            scope = scope.parent
        for level in walked:  # remember the answer on the way up: nested levels share their parents'
            known = level._inherited
            if known is None:
                known = {}
                object.__setattr__(level, "_inherited", known)
            known[name] = found
        return found

    def last(self, name: str) -> Directive | None:
        found = self.effective(name)
        return found[-1] if found else None

    def children(self, *kinds: Level) -> tuple[Scope, ...]:
        blocks = self._blocks
        if blocks is None:
            every = tuple(
                Scope(level, d.args, d.block, d.location, self)
                for d in self.directives
                if d.block is not None and (level := _LEVELS.get(d.name)) is not None
            )
            blocks = {(): every}
            object.__setattr__(self, "_blocks", blocks)
        found = blocks.get(kinds)
        if found is None:
            found = tuple(s for s in blocks[()] if s.kind in kinds)
            blocks[kinds] = found
        return found

    def nested(self) -> Iterator[Scope]:
        """Every location and `if` level below this one, depth first (an explicit stack: any depth)."""
        if self._nested is None:
            found: list[Scope] = []
            pending = [iter(self.children(Level.LOCATION, Level.IF))]
            while pending:
                child = next(pending[-1], None)
                if child is None:
                    pending.pop()
                    continue
                found.append(child)
                pending.append(iter(child.children(Level.LOCATION, Level.IF)))
            object.__setattr__(self, "_nested", tuple(found))
        assert self._nested is not None
        return iter(self._nested)

    def last_line(self) -> int:
        """The last line in the block's file where one of its directives starts (its start line if none)."""
        if self._last is None:
            path = self.location.path
            lines = [d.location.line or 0 for d in self.directives if d.location.path == path]
            object.__setattr__(self, "_last", max(lines, default=self.location.line or 0))
        assert self._last is not None
        return self._last

    @property
    def path(self) -> str:
        """The file the level's block starts in."""
        return self.location.path

    def label(self) -> str:
        return " ".join((self.kind, *self.args))
