"""The Prosody configuration model: evaluated Lua values, settings per scope, hosts and components.

Prosody's config (prosody.cfg.lua, Prosody 0.12) is a Lua script run in a special environment: a global
assignment sets an option in the current scope, `VirtualHost "x"` / `Component "x" "module"` switch the
scope, `Include "pattern"` runs more files (each starting in the global scope). A host inherits every global
option it does not set itself (configmanager.get falls back to "*").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from garrison.facts.placeholders import has_placeholder
from garrison.model import Location, ParseIssue

GLOBAL = "*"


def is_placeholder(text: str) -> bool:
    """True for an unrendered template placeholder: `{{ x }}`, `{% x %}`, `${X}` or a whole `<VALUE>`."""
    return has_placeholder(text)


@dataclass(frozen=True, slots=True)
class Opaque:
    """An expression Garrison does not evaluate (a function call, an environment lookup, a template)."""

    source: str
    placeholder: bool = False


@dataclass(frozen=True, slots=True)
class LuaTable:
    """A Lua table constructor: positional items and named fields, in source order."""

    items: tuple[LuaValue, ...] = ()
    fields: tuple[tuple[str, LuaValue], ...] = ()
    #: the line of each item and each field (evidence cites an entry at its own line); not compared
    item_lines: tuple[int | None, ...] = field(default=(), compare=False, repr=False)
    field_lines: tuple[int | None, ...] = field(default=(), compare=False, repr=False)

    def get(self, key: str) -> LuaValue:
        """The last value given to `key` (Lua semantics: a later field wins), None when absent."""
        found: LuaValue = None
        for name, value in self.fields:
            if name == key:
                found = value
        return found

    def strings(self) -> tuple[str, ...]:
        """The positional items that are strings (a module or interface list)."""
        return tuple(item for item in self.items if isinstance(item, str))

    def entries(self) -> tuple[tuple[str | None, LuaValue, int | None], ...]:
        """(key, value, line) of every field, then of every item (key None); line None when unknown."""

        def lines(known: tuple[int | None, ...], size: int) -> tuple[int | None, ...]:
            return known if len(known) == size else (None,) * size

        named = zip(self.fields, lines(self.field_lines, len(self.fields)), strict=True)
        plain = zip(self.items, lines(self.item_lines, len(self.items)), strict=True)
        return (*((k, v, n) for (k, v), n in named), *((None, v, n) for v, n in plain))

    def item_line(self, value: LuaValue) -> int | None:
        """The line of the first positional item equal to `value` (None when unknown)."""
        for index, item in enumerate(self.items):
            if item == value and index < len(self.item_lines):
                return self.item_lines[index]
        return None

    def field_line(self, key: str) -> int | None:
        """The line of the last field `key` (the one `get` returns), None when unknown."""
        found = None
        for index, (name, _value) in enumerate(self.fields):
            if name == key and index < len(self.field_lines):
                found = self.field_lines[index]
        return found


LuaValue = str | int | float | bool | LuaTable | Opaque | None


def lua_text(value: LuaValue) -> str:
    """A value as Prosody's config writes it: `true`, `nil`, `"1w"`, `10`, `{ "a", c2s }`; an expression
    as `<expression>`."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "nil"
    if isinstance(value, Opaque):
        return "<expression>"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, int | float):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return table_text(value)


def table_text(table: LuaTable) -> str:
    """A table as its string entries and keys (`{ "a", "b" }`, `{ c2s, s2sin }`), never Python's repr."""
    parts = [lua_text(item) for item in table.items] + [str(key) for key, _ in table.fields]
    return "{ " + ", ".join(parts) + " }" if parts else "{ }"


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    value: LuaValue
    location: Location
    scope: str = GLOBAL


class StatementKind(StrEnum):
    """What a config statement does."""

    SET = "set"  # an option in the current scope
    HOST = "host"  # `VirtualHost "x"` (or `Host "x"`): the scope becomes that host
    COMPONENT = "component"  # `Component "x" "module"`: the scope becomes that component
    INCLUDE = "include"  # `Include "pattern"`


class HostKind(StrEnum):
    """The two kinds of scope besides the global one."""

    VIRTUALHOST = "virtualhost"
    COMPONENT = "component"


@dataclass(frozen=True, slots=True)
class Statement:
    """One config statement in source order."""

    kind: StatementKind
    location: Location
    name: str = ""
    value: LuaValue = None
    module: str | None = None  # a Component's module
    scope: str = GLOBAL  # the scope an assignment applies to


@dataclass(frozen=True, slots=True)
class ConfigFile:
    path: str
    statements: tuple[Statement, ...] = ()
    syntax_error: ParseIssue | None = None


@dataclass(frozen=True, slots=True)
class Host:
    """A VirtualHost or a Component, with the options set in its own scope."""

    name: str
    kind: HostKind
    location: Location
    module: str | None = None
    settings: Mapping[str, Setting] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        setting = self.settings.get("enabled")
        return setting is None or setting.value is not False
