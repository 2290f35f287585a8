"""Parse one nginx configuration file's text into a tree of directives (crossplane's lexer and analyser).

Source of truth: nginx's own config grammar as implemented by crossplane (lexer: quoting, escapes, comments,
brace balance; analyser: which context a directive belongs to and how many arguments it takes).

    parse_nginx(text, path) -> (tuple[Directive, ...], tuple[ParseIssue, ...])

    Directive(name="server", args=(), location=Location(path, 12), block=(Directive("listen", ("443", "ssl"),
              ...), ...))

Guarantees: pure (crossplane is handed the text, it never opens a file here), never raises, linear in the
text (`garrison.facts.nginx.lexer` gives crossplane's tokens without its per-character generators), blocks of
any depth (an explicit stack, no recursion). A syntax error (unbalanced braces, unterminated quote, a block
where a `;` belongs) ends parsing of that file and is reported as a `fatal` issue; an analyser complaint (a
directive in the wrong context, a wrong argument count) is an ordinary issue, since crossplane's directive
table can lag behind nginx. `include` is NOT followed here: `garrison.facts.nginx.gather` resolves it through
the target.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from garrison.facts.nginx.analysis import (
    MAX_UNLISTED,
    ON_OFF,
    UNLISTED,
    analysis,
    flag_analysis,
    listed_analysis,
)
from garrison.facts.nginx.lexer import PlainRun, Token, pieces, tokens
from garrison.facts.quoting import redact_quoted, shown
from garrison.model import Location, ParseIssue

#: Prefix of a ParseIssue message that makes the whole config unusable (nginx would refuse to start).
FATAL = "syntax error: "


@dataclass(frozen=True, slots=True)
class Directive:
    name: str
    args: tuple[str, ...]
    location: Location
    block: tuple[Directive, ...] | None = None  # None: a simple directive; a tuple: a block


class _Syntax(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_nginx(
    text: str, path: str, ctx: tuple[str, ...] = ()
) -> tuple[tuple[Directive, ...], tuple[ParseIssue, ...]]:
    """Directives of one file parsed in context `ctx` (`()` main, `("http",)`, `("http", "server")`, ...)."""
    parsed = parse_nginx_file(text, path, ctx)
    return parsed.directives, parsed.issues


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One file's directives (up to a syntax error, its open blocks closed there), the analyser's issues
    (a `FATAL` one for the syntax error), and the directives crossplane's table lacks or nginx knows only in
    some releases (`unlisted`: the release decides whether nginx knows them)."""

    directives: tuple[Directive, ...]
    issues: tuple[ParseIssue, ...]
    unlisted: tuple[Directive, ...] = ()


def parse_nginx_file(text: str, path: str, ctx: tuple[str, ...] = ()) -> ParsedFile:
    """`parse_nginx` with the directives read before a syntax error and the unlisted directives."""
    tree = _Tree(path, ctx, [])
    try:
        fast = _parse_statements(text, tree)
    except _Syntax:  # the token by token reading below says where and what, exactly as ever
        fast = None
    except Exception:  # crossplane's lexer (a Lua block) and anything unexpected: the same
        fast = None
    if fast is not None:
        return ParsedFile(fast, tuple(tree.issues), tuple(tree.unlisted))
    tree = _Tree(path, ctx, [])
    try:
        parsed = _parse_blocks(tokens(text, path), tree)
    except _Syntax as exc:
        issue = ParseIssue(Location(path, exc.line), FATAL + _explain(exc.message, text, exc.line))
        return ParsedFile(tree.partial(), (*tree.issues, issue), tuple(tree.unlisted))
    except Exception as exc:  # crossplane's NgxParserSyntaxError and anything unexpected in its lexer
        line = getattr(exc, "lineno", None)
        message = redact_quoted(str(getattr(exc, "strerror", None) or exc) or type(exc).__name__)
        issue = ParseIssue(Location(path, line if isinstance(line, int) else None), FATAL + message)
        return ParsedFile(tree.partial(), (*tree.issues, issue), tuple(tree.unlisted))
    return ParsedFile(parsed, tuple(tree.issues), tuple(tree.unlisted))


class _Tree:
    """The directives built so far: statements are added as they end, blocks kept on an explicit stack (so
    any depth parses, no recursion). Raises `_Syntax` where crossplane's parser fails."""

    def __init__(self, path: str, ctx: tuple[str, ...], issues: list[ParseIssue]) -> None:
        from crossplane.analyzer import enter_block_ctx  # type: ignore[import-untyped]

        self.enter = enter_block_ctx
        self.path = path
        self.ctx = ctx
        self.issues = issues
        self.parsed: list[Directive] = []
        self.open: list[tuple[list[Directive], tuple[str, ...], str, tuple[str, ...], int]] = []
        self.unlisted: list[Directive] = []

    def partial(self) -> tuple[Directive, ...]:
        """What was read before a syntax error, every block still open closed there."""
        while self.open:
            outer, self.ctx, block, args, block_line = self.open.pop()
            outer.append(Directive(block, args, Location(self.path, block_line), tuple(self.parsed)))
            self.parsed = outer
        return tuple(self.parsed)

    def close(self, line: int) -> None:
        """A `}` with no statement before it."""
        if not self.open:
            raise _Syntax('unexpected "}"', line)
        outer, self.ctx, block, args, block_line = self.open.pop()
        outer.append(Directive(block, args, Location(self.path, block_line), tuple(self.parsed)))
        self.parsed = outer

    def statement(self, name: str, start: int, words: list[str], term: str) -> None:
        """`name words... ;` or `name words... {` (`start`: the name's line)."""
        if term == "}":
            raise _Syntax(f'unexpected "}}" after "{shown(name)}"', start)
        if name == "if":
            words = _if_args(words)
        complaint = analysis(name, self.ctx, term, len(words))
        if complaint is UNLISTED:
            if len(self.unlisted) < MAX_UNLISTED:
                self.unlisted.append(Directive(name, tuple(words), Location(self.path, start)))
            complaint = listed_analysis(name, self.ctx, term, len(words))
        if complaint is ON_OFF:
            complaint = flag_analysis(name, self.ctx, term, words[0])
        if complaint is not None:
            self.issues.append(ParseIssue(Location(self.path, start), complaint))
        if term == "{":
            self.open.append((self.parsed, self.ctx, name, tuple(words), start))
            self.parsed, self.ctx = [], self.enter({"directive": name}, self.ctx)
        else:
            self.parsed.append(Directive(name, tuple(words), Location(self.path, start)))

    def plain_run(self, text: str, run: PlainRun) -> tuple[str, int, list[str]] | None:
        """The statements of a plain run, each read whole (the words between two terminators, split at C
        speed); a `name words...` left open at its end (name, line, words), to go on token by token."""
        parsed, path, ctx = self.parsed, self.path, self.ctx
        line, counted, end = run.line, run.start, run.start
        for found in _STATEMENT.finditer(text, run.start, run.stop):
            at, end = found.start(1), found.end()
            line += text.count("\n", counted, at)
            counted = at
            said, term = found.group(1).split(), found.group(2)
            if (
                term == ";"
                and said
                and said[0] != "if"
                and analysis(said[0], ctx, ";", len(said) - 1) is None
            ):
                parsed.append(Directive(said[0], tuple(said[1:]), Location(path, line)))  # the common case
                continue
            if said:
                self.statement(said[0], line, said[1:], term)
            elif term == "}":
                self.close(line)
            else:
                raise _Syntax(f'unexpected "{term}"', line)
            parsed, ctx = self.parsed, self.ctx
        rest = _LEFTOVER.match(text, end, run.stop)
        assert rest is not None  # the pattern matches the empty string
        said = rest.group(1).split()
        if not said:
            return None
        return said[0], line + text.count("\n", counted, rest.start(1)), said[1:]

    def done(self, name: str | None, start: int) -> tuple[Directive, ...]:
        if name is not None:
            raise _Syntax(f'unexpected end of file after "{shown(name)}", expecting ";" or "}}"', start)
        if self.open:
            raise _Syntax('unexpected end of file, expecting "}"', None)
        return tuple(self.parsed)


def _parse_blocks(stream: Iterator[Token], tree: _Tree) -> tuple[Directive, ...]:
    """The file's directives from crossplane's tokens, token by token."""
    name: str | None = None  # the statement being read: its name, line and arguments so far
    start, words = 0, list[str]()
    for token, line, quoted in stream:
        if quoted or token not in _TERMINATORS:
            if not quoted and token[0] == "#":  # an unquoted token is never empty
                continue
            if name is None:
                name, start, words = token, line, []
            else:
                words.append(token)
            continue
        if name is None:
            if token != "}":
                raise _Syntax(f'unexpected "{token}"', line)
            tree.close(line)
            continue
        tree.statement(name, start, words, token)
        name = None
    return tree.done(name, start)


def _parse_statements(text: str, tree: _Tree) -> tuple[Directive, ...] | None:
    """`_parse_blocks`' result, reading a plain run (`lexer.pieces`) a whole statement at a time (the
    words between two terminators, split at C speed) and the rest token by token; None where the text is
    not valid, so that `_parse_blocks` says what is wrong and where."""
    name: str | None = None
    start, words = 0, list[str]()
    for piece in pieces(text):
        if isinstance(piece, PlainRun):
            going_on = tree.plain_run(text, piece)
            if going_on is not None:  # a statement that goes on past the run
                name, start, words = going_on
            continue
        token, line, quoted = piece
        if quoted or token not in _TERMINATORS:
            if not quoted and token[0] == "#":
                continue
            if name is None:
                name, start, words = token, line, []
            else:
                words.append(token)
            continue
        if name is None:
            if token != "}":
                return None
            tree.close(line)
            continue
        tree.statement(name, start, words, token)
        name = None
    if name is not None or tree.open:
        return None
    return tree.done(None, 0)


#: the words up to the next terminator (group 1, from its first non-blank) and the terminator (group 2)
_STATEMENT = re.compile(r"\s*([^{};]*)([{};])")
#: what follows a run's last terminator: the start of a statement that goes on (group 1)
_LEFTOVER = re.compile(r"\s*([^{};]*)")


_TERMINATORS = frozenset(("{", ";", "}"))


def _explain(message: str, text: str, line: int | None) -> str:
    """Say so when an unrendered `{{ ... }}` template placeholder broke the syntax (never quote the line)."""
    lines = text.splitlines()
    if line is not None and 0 < line <= len(lines) and "{{" in lines[line - 1]:
        return f"{message} (an unrendered template placeholder)"
    return message


def _if_args(args: list[str]) -> list[str]:
    """Strip the parentheses of `if (...)` the way crossplane does."""
    if args and args[0].startswith("(") and args[-1].endswith(")"):
        args = list(args)
        args[0] = args[0][1:].lstrip()
        args[-1] = args[-1][:-1].rstrip()
        return [a for a in args if a]
    return args
