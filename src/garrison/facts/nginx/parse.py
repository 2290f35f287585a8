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

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from garrison.facts.nginx.lexer import Token, tokens
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
    issues: list[ParseIssue] = []
    try:
        parsed = _parse_blocks(tokens(text, path), path, ctx, issues)
    except _Syntax as exc:
        issues.append(ParseIssue(Location(path, exc.line), FATAL + _explain(exc.message, text, exc.line)))
        return (), tuple(issues)
    except Exception as exc:  # crossplane's NgxParserSyntaxError and anything unexpected in its lexer
        line = getattr(exc, "lineno", None)
        message = redact_quoted(str(getattr(exc, "strerror", None) or exc) or type(exc).__name__)
        issues.append(ParseIssue(Location(path, line if isinstance(line, int) else None), FATAL + message))
        return (), tuple(issues)
    return parsed, tuple(issues)


def _parse_blocks(
    stream: Iterator[Token], path: str, ctx: tuple[str, ...], issues: list[ParseIssue]
) -> tuple[Directive, ...]:
    """The file's directives; blocks are kept on an explicit stack, so any depth parses (no recursion)."""
    from crossplane.analyzer import enter_block_ctx  # type: ignore[import-untyped]

    parsed: list[Directive] = []
    open_blocks: list[tuple[list[Directive], tuple[str, ...], str, tuple[str, ...], int]] = []
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
            if not open_blocks:
                raise _Syntax('unexpected "}"', line)
            outer, ctx, block, args, block_line = open_blocks.pop()
            outer.append(Directive(block, args, Location(path, block_line), tuple(parsed)))
            parsed = outer
            continue
        if token == "}":
            raise _Syntax(f'unexpected "}}" after "{shown(name)}"', start)
        if name == "if":
            words = _if_args(words)
        complaint = _analysis(name, ctx, token, len(words))
        if complaint is _ON_OFF:
            complaint = _flag_analysis(name, ctx, token, words[0])
        if complaint is not None:
            issues.append(ParseIssue(Location(path, start), complaint))
        if token == "{":
            open_blocks.append((parsed, ctx, name, tuple(words), start))
            parsed, ctx = [], enter_block_ctx({"directive": name}, ctx)
        else:
            parsed.append(Directive(name, tuple(words), Location(path, start)))
        name = None
    if name is not None:
        raise _Syntax(f'unexpected end of file after "{shown(name)}", expecting ";" or "}}"', start)
    if open_blocks:
        raise _Syntax('unexpected end of file, expecting "}"', None)
    return tuple(parsed)


_TERMINATORS = frozenset(("{", ";", "}"))
#: `_analysis` says so when the verdict depends on the one argument of an on/off flag directive
_ON_OFF = "(depends on the argument)"


@lru_cache(maxsize=4096)
def _analysis(name: str, ctx: tuple[str, ...], term: str, count: int) -> str | None:
    """crossplane's analyser complaint about a statement (None: none). Its verdict depends on the directive,
    the context, the terminator and the argument count, and for an on/off flag on the one argument: then
    `_ON_OFF`, and `_flag_analysis` decides."""
    from crossplane.analyzer import DIRECTIVES, NGX_CONF_FLAG

    if count == 1 and any(mask & NGX_CONF_FLAG for mask in DIRECTIVES.get(name, ())):
        return _ON_OFF
    return _flag_analysis(name, ctx, term, "", count)


def _flag_analysis(name: str, ctx: tuple[str, ...], term: str, first: str, count: int = 1) -> str | None:
    from crossplane.analyzer import analyze
    from crossplane.errors import NgxParserDirectiveError  # type: ignore[import-untyped]

    args = [first] * count
    try:
        analyze(fname=None, stmt={"directive": name, "line": None, "args": args}, term=term, ctx=ctx)
    except NgxParserDirectiveError as exc:
        return redact_quoted(str(exc.strerror))
    return None


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
