"""Parse one nginx configuration file's text into a tree of directives (crossplane's lexer and analyser).

Source of truth: nginx's own config grammar as implemented by crossplane (lexer: quoting, escapes, comments,
brace balance; analyser: which context a directive belongs to and how many arguments it takes).

    parse_nginx(text, path) -> (tuple[Directive, ...], tuple[ParseIssue, ...])

    Directive(name="server", args=(), location=Location(path, 12), block=(Directive("listen", ("443", "ssl"),
              ...), ...))

Guarantees: pure (crossplane is handed the text, it never opens a file here), never raises. A syntax error
(unbalanced braces, unterminated quote, a block where a `;` belongs) ends parsing of that file and is reported
as a `fatal` issue; an analyser complaint (a directive in the wrong context, a wrong argument count) is an
ordinary issue, since crossplane's directive table can lag behind nginx. `include` is NOT followed here:
`garrison.facts.nginx.gather` resolves it through the target.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

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


Token = tuple[str, int, bool]


class _Syntax(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_nginx(
    text: str, path: str, ctx: tuple[str, ...] = ()
) -> tuple[tuple[Directive, ...], tuple[ParseIssue, ...]]:
    """Directives of one file parsed in context `ctx` (`()` main, `("http",)`, `("http", "server")`, ...)."""
    from crossplane.lexer import _balance_braces, _lex_file_object  # type: ignore[import-untyped]

    issues: list[ParseIssue] = []
    try:
        tokens: Iterator[Token] = _balance_braces(_lex_file_object(io.StringIO(text)), path)
        parsed = _parse_block(tokens, path, ctx, issues, top=True)
    except _Syntax as exc:
        issues.append(ParseIssue(Location(path, exc.line), FATAL + _explain(exc.message, text, exc.line)))
        return (), tuple(issues)
    except Exception as exc:  # crossplane's NgxParserSyntaxError and anything unexpected in its lexer
        line = getattr(exc, "lineno", None)
        message = redact_quoted(str(getattr(exc, "strerror", None) or exc) or type(exc).__name__)
        issues.append(ParseIssue(Location(path, line if isinstance(line, int) else None), FATAL + message))
        return (), tuple(issues)
    return parsed, tuple(issues)


def _parse_block(
    tokens: Iterator[Token], path: str, ctx: tuple[str, ...], issues: list[ParseIssue], *, top: bool = False
) -> tuple[Directive, ...]:
    from crossplane.analyzer import analyze, enter_block_ctx  # type: ignore[import-untyped]
    from crossplane.errors import NgxParserDirectiveError  # type: ignore[import-untyped]

    parsed: list[Directive] = []
    for token, line, quoted in tokens:
        if token == "}" and not quoted:
            if top:
                raise _Syntax('unexpected "}"', line)
            return tuple(parsed)
        if token.startswith("#") and not quoted:
            continue
        if token in ("{", ";") and not quoted:
            raise _Syntax(f'unexpected "{token}"', line)
        name = token
        args: list[str] = []
        term = ""
        for arg, _arg_line, arg_quoted in tokens:
            if arg in ("{", ";", "}") and not arg_quoted:
                term = arg
                break
            if arg.startswith("#") and not arg_quoted:
                continue
            args.append(arg)
        if term == "}":
            raise _Syntax(f'unexpected "}}" after "{shown(name)}"', line)
        if not term:
            raise _Syntax(f'unexpected end of file after "{shown(name)}", expecting ";" or "}}"', line)
        if name == "if":
            args = _if_args(args)
        stmt = {"directive": name, "line": line, "args": args}
        try:
            analyze(fname=path, stmt=stmt, term=term, ctx=ctx, strict=False)
        except NgxParserDirectiveError as exc:
            issues.append(ParseIssue(Location(path, line), redact_quoted(str(exc.strerror))))
        block: tuple[Directive, ...] | None = None
        if term == "{":
            block = _parse_block(tokens, path, enter_block_ctx(stmt, ctx), issues)
        parsed.append(Directive(name, tuple(args), Location(path, line), block))
    if not top:
        raise _Syntax('unexpected end of file, expecting "}"', None)
    return tuple(parsed)


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
