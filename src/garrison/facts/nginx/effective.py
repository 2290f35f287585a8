"""A directive's typed effective value at one level, as the shared `Effective` over its arguments: the
occurrence nginx uses there (its own, else the nearest enclosing level's), or nginx's built-in default
cited at the level's block. The block that holds it is the setting reference's scope (`http`,
`server example.org:443`, `... location /x`); `shown` is the arguments as nginx writes them. `placeholder`
finds an unrendered template placeholder among the arguments, asked only by the rules that judge one."""

from __future__ import annotations

from garrison.effective import Effective, Source
from garrison.facts.nginx.defaults import DEFAULT_LISTEN_PORT
from garrison.facts.nginx.parse import Directive
from garrison.facts.nginx.scope import Level, Scope, placeholder_in
from garrison.model import Dialect, Location, SettingRef

#: A directive's arguments where they apply (`value`), cited at its line or where it belongs.
Args = Effective[tuple[str, ...]]


def value_at(scope: Scope, name: str, default: tuple[str, ...]) -> Args:
    """The last effective occurrence of a single-valued directive, or the default (cited at the block)."""
    found = scope.last(name)
    if found is None:
        return _unset(scope, name, default)
    holder = _holder(scope, found)
    known = holder._values
    if known is None:
        known = {}
        object.__setattr__(holder, "_values", known)
    value = known.get(name)  # one value for the 30,000 servers that inherit the http level's
    if value is None:
        value = known[name] = _set(holder, found)
    return value


def directive_value(scope: Scope, item: Directive) -> Args:
    """An occurrence effective at `scope` as a value, named by the level that holds it."""
    return _set(_holder(scope, item), item)


def _set(holder: Scope, item: Directive) -> Args:
    where = item.location
    ref = SettingRef(Dialect.NGINX, where.path, item.name, block_name(holder))
    return Effective(item.args, " ".join(item.args), ref, where.line, Source.SET)


def _holder(scope: Scope, item: Directive) -> Scope:
    """The level that has `item` as its own (the level asked when none does)."""
    level: Scope | None = scope
    while level is not None:
        for own in level.own(item.name):
            if own is item:
                return level
        level = level.parent
    return scope


def absent_at(scope: Scope, name: str, shown: str) -> Args:
    """A directive the level lacks (no default of nginx's applies), cited at the level's file."""
    return _unset(scope, name, (shown,))


def placeholder(value: Args) -> str | None:
    """The first unrendered template placeholder among a set directive's arguments, if any."""
    return None if value.is_default else placeholder_in(value.value)


def _unset(scope: Scope, name: str, args: tuple[str, ...]) -> Args:
    where = _commented(scope, name)
    path, line = (scope.path, None) if where is None else (where.path, where.line)
    ref = SettingRef(Dialect.NGINX, path, name, block_name(scope))
    return Effective(args, " ".join(args), ref, line, Source.DEFAULT)


def _commented(scope: Scope, name: str) -> Location | None:
    """The commented-out line of directive `name` (`# server_tokens off;`) where the absent directive belongs:
    inside the block of the level asked or, failing that, of the nearest enclosing level (None: none). A
    block's span is its start line to the last line a directive of it starts on, in its own file."""
    root = scope
    while root.parent is not None:
        root = root.parent
    found = root._comments.get(name) if root._comments else None
    if not found:
        return None
    level: Scope | None = scope
    while level is not None:  # innermost first
        if level.kind is not Level.MAIN:
            start, path = level.location.line or 0, level.path
            end = 0
            for where in found:
                if where.path == path and where.line is not None and where.line > start:
                    end = end or level.last_line()
                    if where.line <= end:
                        return where
        level = level.parent
    return None


def block_name(scope: Scope) -> str | None:
    """`http`, `server example.org:443`, `server example.org:443 location /api` (a nested level is named
    by its server and itself); None for the main level."""
    if scope.kind is Level.MAIN:
        return None
    if scope._name is None:
        object.__setattr__(scope, "_name", _named(scope))
    return scope._name


def _named(scope: Scope) -> str:
    if scope.kind not in (Level.SERVER, Level.LOCATION, Level.IF):
        return scope.label()
    server: Scope | None = scope
    while server is not None and server.kind is not Level.SERVER:  # a loop: levels nest thousands deep
        server = server.parent
    if server is None:
        return scope.label()
    names = [arg for item in server.own("server_name") for arg in item.args]
    named = f"server {names[0] if names else '_'}:{_port(server)}"
    return named if server is scope else f"{named} {scope.label()}"


def _port(scope: Scope) -> int:
    for item in scope.own("listen"):
        value = item.args[0] if item.args else ""
        text = value.rpartition("]")[2].lstrip(":") if value.startswith("[") else value.rpartition(":")[2]
        if text.isdigit():
            return int(text)
    return DEFAULT_LISTEN_PORT
