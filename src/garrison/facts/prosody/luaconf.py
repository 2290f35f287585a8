"""Parse one Prosody config file (Lua) into statements with evaluated values, using luaparser.

`parse_prosody_config(text, path) -> (ConfigFile, issues)` is pure and never raises. It follows Prosody
0.12's configmanager: a file starts in the global scope; `VirtualHost`/`Host`/`Component` switch scope (the
call-with-table form `VirtualHost "x" { ... }` sets options and returns to global); `Include`/`include`
records a pattern for the gatherer; assignments set options in the current scope. Values are evaluated as
Lua constants: strings, numbers, booleans, nil, tables, `..`, arithmetic, `not`, and names set earlier in
the same file; anything else is `Opaque`. A syntax error yields `ConfigFile.syntax_error` with file:line.

    ConfigFile(path, statements=(Statement(StatementKind.SET, Location(path, 3), "admins", ...), ...))
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import Any

from garrison.facts.prosody.luafast import MAX_NESTING, simple_statements, too_deep
from garrison.facts.prosody.luasyntax import syntax_error_of, unfinished_string
from garrison.facts.prosody.model import (
    GLOBAL,
    ConfigFile,
    LuaTable,
    LuaValue,
    Opaque,
    Statement,
    StatementKind,
    is_placeholder,
)
from garrison.model import Location, ParseIssue

_SCOPE_CALLS = {
    "VirtualHost": StatementKind.HOST,
    "Host": StatementKind.HOST,
    "host": StatementKind.HOST,
    "Component": StatementKind.COMPONENT,
    "component": StatementKind.COMPONENT,
}
_MAX_DEPTH = 50


def parse_prosody_config(text: str, path: str) -> tuple[ConfigFile, tuple[ParseIssue, ...]]:
    try:
        return _parse(text, path)
    except RecursionError:
        issue = ParseIssue(Location(path, None), "config nests too deeply to evaluate")
        return ConfigFile(path, (), issue), (issue,)
    except Exception as exc:  # luaparser/antlr internals: never let them escape
        issue = ParseIssue(Location(path, None), f"cannot parse Lua: {type(exc).__name__}")
        return ConfigFile(path, (), issue), (issue,)


def _parse(text: str, path: str) -> tuple[ConfigFile, tuple[ParseIssue, ...]]:
    unfinished = unfinished_string(text)
    if unfinished is not None:
        issue = ParseIssue(Location(path, unfinished), "Lua syntax error: unfinished string")
        return ConfigFile(path, (), issue), (issue,)
    deep = too_deep(text)
    if deep is not None:
        message = f"Lua syntax error: nesting deeper than {MAX_NESTING} levels (Lua 5.4 refuses it)"
        issue = ParseIssue(Location(path, deep), message)
        return ConfigFile(path, (), issue), (issue,)
    simple = simple_statements(text, path)
    if simple is not None:
        return ConfigFile(path, simple), ()
    with _recursion_room():
        return _parse_with_luaparser(text, path)


@contextlib.contextmanager
def _recursion_room() -> Iterator[None]:
    """luaparser and the walker recurse ~20 frames per nesting level: room for the 200 levels let through."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, 20 * MAX_NESTING + 2000))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def _parse_with_luaparser(text: str, path: str) -> tuple[ConfigFile, tuple[ParseIssue, ...]]:
    luaast, _ = _luaparser()
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            tree = luaast.parse(text)
    except luaast.SyntaxException as exc:
        line, detail = syntax_error_of(exc)
        issue = ParseIssue(Location(path, line), f"Lua syntax error: {detail}"[:300])
        return ConfigFile(path, (), issue), (issue,)
    walker = _Walker(path, text)
    for stmt in tree.body.body:
        walker.statement(stmt)
    return ConfigFile(path, tuple(walker.out)), tuple(walker.issues)


class _Walker:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.scope = GLOBAL
        self.out: list[Statement] = []
        self.issues: list[ParseIssue] = []
        self.known: dict[tuple[str, str], LuaValue] = {}
        self.locals: dict[str, LuaValue] = {}

    def loc(self, node: Any) -> Location:
        line = getattr(node, "line", None)  # luaparser 4.2; before, only the node's first token has it
        if line is None:
            line = getattr(getattr(node, "first_token", None), "line", None)
        return Location(self.path, line if isinstance(line, int) else None)

    def statement(self, stmt: Any) -> None:
        _, n = _luaparser()

        if isinstance(stmt, n.Assign):
            for target, value in zip(stmt.targets, stmt.values, strict=False):
                if isinstance(target, n.Name):
                    self.assign(target.id, self.value(value), stmt)
                else:
                    self.issues.append(ParseIssue(self.loc(stmt), "assignment to a field is not evaluated"))
        elif isinstance(stmt, n.LocalAssign):
            for target, value in zip(stmt.targets, stmt.values, strict=False):
                if isinstance(target, n.Name):
                    self.locals[target.id] = self.value(value)
        elif isinstance(stmt, n.Call):
            self.call(stmt)
        elif not isinstance(stmt, n.SemiColon):
            self.issues.append(
                ParseIssue(self.loc(stmt), f"{type(stmt).__name__} statement is not evaluated")
            )

    def assign(self, name: str, value: LuaValue, node: Any, scope: str | None = None) -> None:
        where = self.scope if scope is None else scope
        self.known[(where, name)] = value
        self.out.append(Statement(StatementKind.SET, self.loc(node), name, value, scope=where))

    def call(self, stmt: Any) -> None:
        _, n = _luaparser()

        chain: list[Any] = []  # innermost call first: Component "x" "muc" { ... }
        node = stmt
        while isinstance(node, n.Call):
            chain.append(node)
            node = node.func
        chain.reverse()
        if not isinstance(node, n.Name):
            return
        head, args = node.id, [self.value(a) for a in chain[0].args]
        first = args[0] if args else None
        if head in ("Include", "include") and isinstance(first, str):
            self.out.append(Statement(StatementKind.INCLUDE, self.loc(stmt), first))
            return
        kind = _SCOPE_CALLS.get(head)
        if kind is None or not isinstance(first, str):
            return
        module = None
        options: LuaTable | None = None
        for extra in chain[1:]:
            for arg in (self.value(a) for a in extra.args):
                if isinstance(arg, str) and kind is StatementKind.COMPONENT:
                    module = arg
                elif isinstance(arg, LuaTable):
                    options = arg
        self.out.append(Statement(kind, self.loc(stmt), first, module=module))
        self.scope = first
        if options is not None:
            for key, value in options.fields:
                self.assign(key, value, stmt, scope=first)
            self.scope = GLOBAL

    def value(self, node: Any, depth: int = 0) -> LuaValue:
        _, n = _luaparser()

        if depth > _MAX_DEPTH:
            return Opaque("<deep>")
        if isinstance(node, n.String):
            text = node.s.decode("utf-8", "replace") if isinstance(node.s, bytes) else str(node.s)
            return Opaque(text, True) if is_placeholder(text) else text
        if isinstance(node, n.Number):
            return node.n if isinstance(node.n, int | float) else Opaque(str(node.n))
        if isinstance(node, n.TrueExpr):
            return True
        if isinstance(node, n.FalseExpr):
            return False
        if isinstance(node, n.Nil):
            return None
        if isinstance(node, n.Table):
            source = self.source(node)
            if source.startswith("{{") and is_placeholder(source):  # an unquoted Jinja `{{ name }}`
                return Opaque(source, True)
            return self.table(node, depth)
        if isinstance(node, n.Name):
            return self.lookup(node.id)
        if isinstance(node, n.Concat):
            left, right = self.value(node.left, depth + 1), self.value(node.right, depth + 1)
            if isinstance(left, str | int | float) and isinstance(right, str | int | float):
                return _lua_str(left) + _lua_str(right)
            return Opaque(self.source(node), _any_placeholder(left, right))
        if isinstance(node, n.ULNotOp):
            inner = self.value(node.operand, depth + 1)
            return Opaque(self.source(node)) if isinstance(inner, Opaque | LuaTable) else not inner
        if isinstance(node, n.UMinusOp):
            inner = self.value(node.operand, depth + 1)
            return -inner if isinstance(inner, int | float) and not isinstance(inner, bool) else Opaque("-")
        if isinstance(node, n.AriOp):
            return self.arith(node, depth)
        return Opaque(self.source(node), is_placeholder(self.source(node)))

    def table(self, node: Any, depth: int) -> LuaTable:
        _, n = _luaparser()

        items: list[LuaValue] = []
        fields: list[tuple[str, LuaValue]] = []
        item_lines: list[int | None] = []
        field_lines: list[int | None] = []
        for item in node.fields:
            value = self.value(item.value, depth + 1)
            line = self.loc(item).line
            key = item.key
            name: LuaValue = None
            if isinstance(key, n.Name) and not item.between_brackets:
                name = key.id
            elif key is not None:
                name = self.value(key, depth + 1)
            if isinstance(name, str):
                fields.append((name, value))
                field_lines.append(line)
            else:
                items.append(value)
                item_lines.append(line)
        return LuaTable(tuple(items), tuple(fields), tuple(item_lines), tuple(field_lines))

    def arith(self, node: Any, depth: int) -> LuaValue:
        _, n = _luaparser()

        left, right = self.value(node.left, depth + 1), self.value(node.right, depth + 1)
        if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in (left, right)):
            return Opaque(self.source(node))
        a, b = _number(left), _number(right)
        try:
            if isinstance(node, n.AddOp):
                return a + b
            if isinstance(node, n.SubOp):
                return a - b
            if isinstance(node, n.MultOp):
                return a * b
            if isinstance(node, n.FloatDivOp):
                return a / b
            if isinstance(node, n.ExpoOp) and abs(b) < 64:
                return float(a**b)
        except (ArithmeticError, ValueError):
            pass
        return Opaque(self.source(node))

    def lookup(self, name: str) -> LuaValue:
        if name in self.locals:
            return self.locals[name]
        for scope in (self.scope, GLOBAL):
            if (scope, name) in self.known:
                return self.known[(scope, name)]
        return Opaque(name)

    def source(self, node: Any) -> str:
        start, stop = getattr(node, "start_char", None), getattr(node, "stop_char", None)
        if isinstance(start, int) and isinstance(stop, int) and 0 <= start <= stop:
            return self.text[start : stop + 1][:200]
        return type(node).__name__


def _luaparser() -> tuple[Any, Any]:
    """luaparser's `ast` and `astnodes` modules, imported on first use (antlr is slow to import)."""
    from luaparser import ast, astnodes  # type: ignore[import-untyped]

    return ast, astnodes


def _number(value: LuaValue) -> int | float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _lua_str(value: str | int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _any_placeholder(*values: LuaValue) -> bool:
    return any(isinstance(v, Opaque) and v.placeholder for v in values)
