"""nginx configuration tokens: crossplane 0.5.8's lexer, token for token, in linear time, without recursion.

crossplane's `_lex_file_object` walks the text one character at a time through three stacked generators
(a few microseconds a character: a 5 MB config took half a minute). This lexer keeps its exact output and
quirks (tested against it on generated inputs) but consumes runs with regular expressions:

- a backslash and the character after it form one unit (a lone backslash at the very end ends the text);
- whitespace (`str.isspace`) ends a token; `{`, `}` and `;` are tokens of their own;
- `#` at the start of a token runs to the end of the line (a comment token, at the line of the `#`);
- a quote at the start of a token runs to the same quote; `\\"` inside becomes `"`, other escapes stay;
- `${` inside a token swallows units up to a `}` or a whitespace character (`${a b}` is one token);
- text that ends in the middle of a token, string or comment drops it;
- `*_by_lua_block` directives (crossplane's bundled Lua extension) are handed to that extension;
- unbalanced braces raise crossplane's `NgxParserSyntaxError` as `_balance_braces` does.

    tokens(text) -> Iterator[(token, line, quoted)]
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass

Token = tuple[str, int, bool]

_SPACE = re.compile(r"\s*")
#: units that go straight into an unquoted token: not whitespace, not `{`, `}` or `;`
_PLAIN = re.compile(r"(?:[^\s{};\\]|\\[\s\S])*")
#: a quoted string's remaining units, through the closing quote
_QUOTED = {q: re.compile(rf"(?:[^{q}\\]|\\[\s\S])*{q}") for q in ("'", '"')}
#: a comment's remaining units, through the first unit that ends in a newline (group 1)
_COMMENT = re.compile(r"(?:[^\n\\]|\\[^\n])*(\\?\n)")
#: a `${` expansion's units that neither are whitespace nor end in `}`
_EXPANSION = re.compile(r"(?:[^\s}\\]|\\[^}])*")
_ESCAPE = re.compile(r"\\[\s\S]")
#: plain lines (no quote, backslash, `#` or `${`): newlines (to count lines), `{`, `}`, `;` and words
_PLAIN_LINES = re.compile(r"\n|[{};]|[^\s{};]+")


class _Units:
    """The text as crossplane's character stream: (unit, line) pairs from a position that only moves on.

    Iterating it is what crossplane's Lua extension does with its stream; `take` is the same for this module.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = len(text)
        self.pos = 0
        self._upto = 0  # newlines counted in text[:_upto]
        self._newlines = 0

    def line(self, end: int) -> int:
        """crossplane's line of the unit ending at `end`: 1 + the newlines before `end`."""
        if end < self._upto:
            return 1 + self.text.count("\n", 0, end)
        self._newlines += self.text.count("\n", self._upto, end)
        self._upto = end
        return 1 + self._newlines

    def take(self) -> tuple[str, int] | None:
        """The next unit and its line; None at the end (a lone backslash at the very end ends it too)."""
        start = self.pos
        if start >= self.size:
            return None
        if self.text[start] == "\\":
            if start + 1 >= self.size:
                return None
            self.pos += 2
        else:
            self.pos += 1
        return self.text[start : self.pos], self.line(self.pos)

    def skip(self, pattern: re.Pattern[str]) -> str:
        """Consume what `pattern` matches here (it must match the empty string) and return it."""
        found = pattern.match(self.text, self.pos)
        assert found is not None
        self.pos = found.end()
        return found.group()

    def __iter__(self) -> _Units:
        return self

    def __next__(self) -> tuple[str, int]:
        unit = self.take()
        if unit is None:
            raise StopIteration
        return unit


class _Upcoming:
    """Where the next of some strings occurs, by `str.find`; each string's search only ever moves forward."""

    def __init__(self, text: str, needles: tuple[str, ...]) -> None:
        self.text = text
        self.found = dict.fromkeys(needles, -1)

    def first(self, pos: int) -> int:
        """The first position at or after `pos` where any needle starts (the text's length if none)."""
        size = len(self.text)
        for needle, at in self.found.items():
            if at < pos:
                at = self.text.find(needle, pos)
                self.found[needle] = size if at < 0 else at
        return min(self.found.values(), default=size)


@dataclass(frozen=True, slots=True)
class PlainRun:
    """`text[start:stop]`: whole lines with no quote, backslash, `#`, `${` or Lua-block directive name, so
    only words (`[^\\s{};]+`), `{`, `}`, `;` and whitespace; `line` is the line at `start`. A run starts
    where crossplane has no token open and a directive is next."""

    start: int
    stop: int
    line: int


def pieces(text: str) -> Iterator[PlainRun | Token]:
    """crossplane's tokens of `text`, brace balance NOT checked: runs of plain lines as `PlainRun`s (for
    `tokens` to split, or a reader of whole statements), the rest token by token. From the first line
    with a quote, backslash, `#`, `${` or Lua-block directive name, `_careful` runs to its next `{`, `}` or
    `;` (where crossplane's state is again: no token open, a directive next)."""
    from crossplane.lexer import EXTERNAL_LEXERS  # type: ignore[import-untyped]

    external = dict(EXTERNAL_LEXERS)
    units = _Units(text)
    upcoming = _Upcoming(text, ('"', "'", "\\", "#", "${", *external))
    directive_next = True
    while units.pos < units.size:
        stop = text.rfind("\n", units.pos, upcoming.first(units.pos))
        if stop >= units.pos:  # plain lines, through the newline at `stop`
            yield PlainRun(units.pos, stop + 1, units.line(units.pos))
            end = stop
            while end >= units.pos and text[end].isspace():
                end -= 1
            if end >= units.pos:  # the run's last token: a `{`, `}` or `;`, else a word
                directive_next = text[end] in "{};"
            units.pos = stop + 1
            continue
        resume = yield from _careful(units, directive_next, external)
        if not resume:
            break
        directive_next = True


def tokens(text: str, path: str | None = None) -> Iterator[Token]:
    """crossplane's tokens of `text`, brace balance checked as `_balance_braces` does (raising its
    NgxParserSyntaxError); plain runs (`pieces`) are split by one pattern."""
    from crossplane.errors import NgxParserSyntaxError  # type: ignore[import-untyped]

    depth, last = 0, 0
    for piece in pieces(text):
        if isinstance(piece, PlainRun):
            line = piece.line
            batch: list[Token] = []
            for word in _PLAIN_LINES.findall(text, piece.start, piece.stop):
                if word == "\n":
                    line += 1
                    continue
                if word == "}":
                    depth -= 1
                    if depth < 0:
                        yield from batch
                        raise NgxParserSyntaxError('unexpected "}"', path, line)
                elif word == "{":
                    depth += 1
                batch.append((word, line, False))
            if batch:
                last = batch[-1][1]
                yield from batch
            continue
        if not piece[2] and piece[0] == "}":
            depth -= 1
            if depth < 0:
                raise NgxParserSyntaxError('unexpected "}"', path, piece[1])
        elif not piece[2] and piece[0] == "{":
            depth += 1
        last = piece[1]
        yield piece
    if depth > 0:
        raise NgxParserSyntaxError('unexpected end of file, expecting "}"', path, last)


# One function on purpose: crossplane's per-character state machine, the hot loop on hostile input.
def _careful(
    units: _Units, directive_next: bool, external: dict[str, object]
) -> Generator[Token, None, bool]:
    """crossplane's `_lex_file_object`, step for step (S1..S7 below), from a point where no token is open;
    True when it stopped after a `{`, `}` or `;` token, False at the end of the text."""
    text = units.text
    token, token_line = "", 0
    while True:
        unit = units.take()
        if unit is None:
            return False
        char, line = unit
        if char.isspace():  # S1: whitespace ends a token
            if token:
                yield token, token_line, False
                directive_next = yield from _external(token, directive_next, external, units)
                token = ""
            units.skip(_SPACE)
            unit = units.take()
            if unit is None:
                return False
            char, line = unit
        if not token and char == "#":  # S2: a comment, to the first unit that ends in a newline
            comment = _COMMENT.match(text, units.pos)
            if comment is None:
                return False
            yield char + text[units.pos : comment.start(1)], line, False
            units.pos = comment.end()
            continue
        if not token:  # S3
            token_line = line
        if token and token[-1] == "$" and char == "{":  # S4: `${...}` swallows units to `}` or whitespace
            directive_next = False
            token += char + units.skip(_EXPANSION)
            unit = units.take()
            if unit is None:
                return False
            char, line = unit
            if char.endswith("}"):
                token += char
                unit = units.take()
                if unit is None:
                    return False
                char, line = unit
        if char in ('"', "'"):  # S5: a quote inside a token is a character; at its start, a string
            if token:
                token += char
                continue
            closing = _QUOTED[char].match(text, units.pos)
            if closing is None:
                return False
            body = text[units.pos : closing.end() - 1]
            units.pos = closing.end()
            token = _unescape(body, char)
            yield token, token_line, True
            directive_next = yield from _external(token, directive_next, external, units)
            token = ""
            continue
        if char in ("{", "}", ";"):  # S6: tokens of their own
            if token:
                yield token, token_line, False
                token = ""
            yield char, line, False
            return True
        token += char + units.skip(_PLAIN)  # S7, and the units that would follow it straight in


def _external(
    token: str, directive_next: bool, external: dict[str, object], units: _Units
) -> Generator[Token, None, bool]:
    """S1/S5 after a token: a `*_by_lua_block` directive's body goes to crossplane's extension, which reads
    the same stream; the result is the new directive_next flag."""
    if not (directive_next and token in external):
        return False
    yield from external[token](units, token)  # type: ignore[operator]
    return True


def _unescape(body: str, quote: str) -> str:
    """A quoted string's text as crossplane keeps it: an escaped quote loses its backslash, nothing else."""
    if "\\" not in body:
        return body
    escaped = "\\" + quote
    return _ESCAPE.sub(lambda m: quote if m.group() == escaped else m.group(), body)
