"""Prosody configs as most people write them, read without luaparser; Lua nesting limit. Pure, never raise.

luaparser (antlr's Python runtime) is slow, and slower still with deep nesting (its lookahead): a
config with 17,000 VirtualHosts took minutes, and 100,000 nested parentheses never finished. Most configs
use only a small, plain part of Lua: `name = value` where a value is a string without escapes, a decimal
integer, true/false/nil or a table of those (`{ "a"; key = "b", }`), `VirtualHost "x"`, `Component "x" "mod"`,
`Include "x"`, comments and semicolons. `simple_statements` reads exactly that part, with the statements,
lines and values `luaconf` builds from luaparser's tree (tested against it), and gives up (None) on anything
else, which then goes to luaparser.

`too_deep` finds where brackets nest deeper than Lua 5.4 accepts (it stops near 196 levels with "C stack
overflow"); luaparser is not handed such a text.
"""

from __future__ import annotations

import re

from garrison.facts.prosody.model import (
    GLOBAL,
    LuaTable,
    LuaValue,
    Opaque,
    Statement,
    StatementKind,
    is_placeholder,
)
from garrison.model import Location

#: Bracket depth past which Lua 5.4 refuses a chunk (its own limit, counted over every syntax level, is
#: lower still): deeper text is an error here too, and is never handed to luaparser.
MAX_NESTING = 200
_MAX_TABLE_DEPTH = 40  # luaconf turns values nested past 50 into Opaque("<deep>"): leave those to it
_SCOPES = {
    "VirtualHost": StatementKind.HOST,
    "Host": StatementKind.HOST,
    "host": StatementKind.HOST,
    "Component": StatementKind.COMPONENT,
    "component": StatementKind.COMPONENT,
}
_INCLUDES = ("Include", "include")
_KEYWORDS = frozenset(
    ("and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local",
     "nil", "not", "or", "repeat", "return", "then", "true", "until", "while")
)  # fmt: skip
#: one token and the blanks before it (`end`: only blanks are left)
_TOKEN = re.compile(
    r"""[ \t\r\f\v]*
      (?:(?P<newline>\n)
      | (?P<comment>--(?!\[=*\[)[^\n]*)
      | (?P<string>"[^"\\\n]*"|'[^'\\\n]*')
      | (?P<number>(?:0|[1-9][0-9]*)(?![\w.]))
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<punct>[{}=,;])
      | (?P<end>\Z))""",
    re.VERBOSE,
)
_BRACKETS = re.compile(r"--\[(=*)\[|--[^\n]*|\[(=*)\[|[\"'(){}\[\]]")
#: a short string's body: anything but its quote, a newline or a backslash, or an escape (a backslash and
#: the next character)
_SHORT_BODY = {q: re.compile(rf"(?:[^{q}\\\n]+|\\[\s\S])*") for q in ("'", '"')}


_CONSTANTS: dict[str, LuaValue] = {"true": True, "false": False, "nil": None}


def _placeholder(text: str) -> bool:
    """`is_placeholder`, asked only of a text with a `{` or `<` (every placeholder form has one)."""
    return ("{" in text or "<" in text) and is_placeholder(text)


class _GiveUp(Exception):
    """Outside the simple part of Lua: luaparser decides."""


def simple_statements(text: str, path: str) -> tuple[Statement, ...] | None:
    """The config's statements when it is written only in the simple part of Lua, else None."""
    tokens: list[tuple[str, str, int]] = []  # (kind, text, line)
    line, pos, size = 1, 0, len(text)
    while pos < size:
        found = _TOKEN.match(text, pos)
        if found is None:
            return None
        kind = found.lastgroup or ""
        if kind == "newline":
            line += 1
        elif kind not in ("comment", "end"):
            tokens.append((kind, found.group(kind), line))
        pos = found.end()
    try:
        return tuple(_Reader(tokens, path).statements())
    except _GiveUp:
        return None


class _Reader:
    def __init__(self, tokens: list[tuple[str, str, int]], path: str) -> None:
        self.tokens = tokens
        self.path = path
        self.at = 0
        self.scope = GLOBAL

    def peek(self, ahead: int = 0) -> tuple[str, str, int]:
        index = self.at + ahead
        return self.tokens[index] if index < len(self.tokens) else ("end", "", 0)

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        self.at += 1
        return token

    def statements(self) -> list[Statement]:
        """Statements at the lines luaconf gives: an assignment's name, a call's (last) argument."""
        out: list[Statement] = []
        tokens, size = self.tokens, len(self.tokens)
        while self.at < size:
            kind, word, line = tokens[self.at]
            self.at += 1
            if word == ";" and kind == "punct":
                continue
            if kind != "name" or word in _KEYWORDS:
                raise _GiveUp
            if self.at < size and tokens[self.at][1] == "=":  # only a punct token is a bare `=`
                self.at += 1
                where = Location(self.path, line)
                out.append(Statement(StatementKind.SET, where, word, self.value(0), scope=self.scope))
                continue
            first = self.string()
            scope = _SCOPES.get(word)
            if scope is None and word not in _INCLUDES:
                raise _GiveUp
            extra = self.string() if scope is not None and self.peek()[0] == "string" else None
            where = Location(self.path, self.tokens[self.at - 1][2])  # luaparser: a call's line is its last
            if _placeholder(first):
                continue  # luaconf reads a template placeholder as no name: the call sets nothing
            if scope is None:
                out.append(Statement(StatementKind.INCLUDE, where, first))
                continue
            component = scope is StatementKind.COMPONENT
            module = extra if component and extra is not None and not _placeholder(extra) else None
            out.append(Statement(scope, where, first, module=module))
            self.scope = first
        return out

    def string(self) -> str:
        kind, word, _line = self.take()
        if kind != "string":
            raise _GiveUp
        return word[1:-1]

    def value(self, depth: int) -> LuaValue:
        kind, word, _line = self.take()
        if kind == "string":
            text = word[1:-1]
            return Opaque(text, True) if _placeholder(text) else text
        if kind == "number":
            return int(word)
        if kind == "name" and word in _CONSTANTS:
            return _CONSTANTS[word]
        if (kind, word) == ("punct", "{") and depth < _MAX_TABLE_DEPTH and self.peek()[:2] != ("punct", "{"):
            return self.table(depth)
        raise _GiveUp

    def table(self, depth: int) -> LuaTable:
        items: list[LuaValue] = []
        fields: list[tuple[str, LuaValue]] = []
        item_lines: list[int | None] = []
        field_lines: list[int | None] = []
        while self.peek()[:2] != ("punct", "}"):
            kind, word, line = self.peek()
            if kind == "name" and word not in _KEYWORDS and self.peek(1)[:2] == ("punct", "="):
                self.at += 2
                fields.append((word, self.value(depth + 1)))
                field_lines.append(line)
            else:
                items.append(self.value(depth + 1))
                item_lines.append(line)
            if self.peek()[:2] in (("punct", ","), ("punct", ";")):
                self.at += 1
            elif self.peek()[:2] != ("punct", "}"):
                raise _GiveUp
        self.at += 1
        return LuaTable(tuple(items), tuple(fields), tuple(item_lines), tuple(field_lines))


def too_deep(text: str, limit: int = MAX_NESTING) -> int | None:
    """The line where `(`, `{` and `[` nest deeper than `limit` outside strings and comments, or None."""
    depth, pos = 0, 0
    while True:
        found = _BRACKETS.search(text, pos)
        if found is None:
            return None
        char = found.group()
        pos = found.end()
        if char in "({[":
            depth += 1
            if depth > limit:
                return 1 + text.count("\n", 0, pos)
        elif char in ")}]":
            depth = max(0, depth - 1)
        elif char in "\"'":
            pos = _after_string(text, pos, char)
        elif found.group(1) is not None or found.group(2) is not None:  # a long comment or long string
            level = found.group(1) if found.group(1) is not None else found.group(2)
            end = text.find("]" + level + "]", pos)
            pos = len(text) if end < 0 else end + len(level) + 2
        # else: a line comment, skipped whole


def _after_string(text: str, pos: int, quote: str) -> int:
    """Past a short string that started before `pos` (a backslash escapes the next character); at the
    newline of an unfinished one (`unfinished_string` reports it)."""
    body = _SHORT_BODY[quote].match(text, pos)
    assert body is not None  # the pattern matches the empty string
    end = body.end()
    return end + 1 if end < len(text) and text[end] == quote else end
