"""A directive's typed effective value at one level: the occurrence nginx uses there (its own, else the
nearest enclosing level's), or nginx's built-in default cited at the level's block; with the block that
holds it named as a setting reference's scope (`http`, `server example.org:443`, `... location /x`)."""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.nginx.defaults import DEFAULT_LISTEN_PORT
from garrison.facts.nginx.parse import Directive
from garrison.facts.nginx.scope import Level, Scope, placeholder_in
from garrison.model import Location


@dataclass(frozen=True, slots=True)
class NginxValue:
    """`name` at a level: `args` from the directive at `path:line`, or (line None) the built-in default
    cited at the level's file; `block` names the block it is written in, or belongs in."""

    name: str
    args: tuple[str, ...]
    path: str
    line: int | None
    block: str | None
    placeholder: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.args)

    @property
    def default(self) -> bool:
        return self.line is None

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)


def value_at(scope: Scope, name: str, default: tuple[str, ...]) -> NginxValue:
    """The last effective occurrence of a single-valued directive, or the default (cited at the block)."""
    found = scope.last(name)
    if found is None:
        return NginxValue(name, default, scope.path, None, block_name(scope))
    return directive_value(scope, found)


def directive_value(scope: Scope, item: Directive) -> NginxValue:
    """An occurrence effective at `scope` as a value, named by the level that holds it."""
    holder: Scope | None = scope
    while holder is not None and not any(own is item for own in holder.own(item.name)):
        holder = holder.parent
    where = item.location
    block = block_name(holder or scope)
    return NginxValue(item.name, item.args, where.path, where.line, block, placeholder_in(item.args))


def absent_at(scope: Scope, name: str, shown: str) -> NginxValue:
    """A directive the level lacks (no default of nginx's applies), cited at the level's file."""
    return NginxValue(name, (shown,), scope.path, None, block_name(scope))


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
