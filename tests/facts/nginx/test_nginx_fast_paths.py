"""nginx's shortcuts give what the slow reading gives (issue 7, class 7: bounded time).

The lexer gives crossplane's own tokens; plain runs are read a whole statement at a time and must build the
tree the token-by-token reading builds; the levels that set a directive are indexed once and must be the
ones a scan of every level finds.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from crossplane.lexer import _balance_braces, _lex_file_object  # type: ignore[import-untyped]
from hypothesis import example, given, settings
from hypothesis import strategies as st

from garrison.facts.nginx.lexer import Token, tokens
from garrison.facts.nginx.model import NginxFacts
from garrison.facts.nginx.parse import Directive, _parse_blocks, _parse_statements, parse_nginx
from garrison.model import ParseIssue

PATH = "/etc/nginx/nginx.conf"
PIECES = st.sampled_from(
    ["server", "{", "}", ";", "listen", "80", "443", "ssl", " ", "\n", "\t", "# note\n", '"a b"', "'c'", "\\",
     "${x}", "$uri", "location", "/", "=", "if", "($scheme", "=", "http)", "return", "301", "add_header", "X",
     "http", "events", "content_by_lua_block", "\r", "\u2003", "x{", "}y", "autoindex", "on", "off"]
)  # fmt: skip
TEXTS = st.one_of(
    st.lists(PIECES, max_size=50).map("".join),
    st.lists(PIECES, max_size=50).map(" ".join),
    st.text(max_size=80),
)


def _crossplane(text: str) -> list[Token | tuple[str, int | None]]:
    return _drain(_balance_braces(_lex_file_object(io.StringIO(text)), PATH))


def _ours(text: str) -> list[Token | tuple[str, int | None]]:
    return _drain(tokens(text, PATH))


def _drain(stream: Iterator[Token]) -> list[Token | tuple[str, int | None]]:
    found: list[Token | tuple[str, int | None]] = []
    try:
        found.extend(stream)
    except Exception as exc:  # the error crossplane raises is part of what must agree
        found.append((type(exc).__name__, getattr(exc, "lineno", None)))
    return found


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_tokens_are_crossplanes(text: str) -> None:
    assert _ours(text) == _crossplane(text)


@settings(max_examples=800, deadline=None)
@given(TEXTS)
@example("a 1;\n\nlisten\n80\n# a comment\nssl;\n}")  # a statement that goes on past a plain run
@example("events {}\nhttp {\n  server {\n    listen\n      443 'ssl';\n  }\n}\n")
def test_statements_read_whole_build_the_tree_tokens_build(text: str) -> None:
    slow_issues: list[ParseIssue] = []
    fast_issues: list[ParseIssue] = []
    try:
        slow: tuple[Directive, ...] | None = _parse_blocks(tokens(text, PATH), PATH, (), slow_issues)
    except Exception:  # an invalid text (crossplane's error or the parser's): nothing to build
        slow = None
    try:
        fast = _parse_statements(text, PATH, (), fast_issues)
    except Exception:  # the same text, found invalid on the way
        fast = None
    assert fast == slow
    if slow is not None:
        assert fast_issues == slow_issues


LEVEL_LINES = st.sampled_from(
    ["autoindex on;", "add_header X-Frame-Options DENY;", "proxy_pass http://10.0.0.1;", "return 404;",
     "location / {", "location /api {", "if ($scheme = http) {", "}", "server_tokens off;"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(LEVEL_LINES, max_size=8), max_size=5))
def test_levels_setting_agrees_with_a_scan_of_the_levels(servers: list[list[str]]) -> None:
    def server(lines: list[str]) -> str:
        depth = 0
        kept = []
        for line in lines:
            if line == "}" and depth == 0:
                continue
            depth += line.endswith("{") - (line == "}")
            kept.append(line)
        return "server {\nlisten 80;\n" + "\n".join(kept) + "\n}" * depth + "\n}\n"

    text = "events {}\nhttp {\n" + "".join(server(lines) for lines in servers) + "}\n"
    main, issues = parse_nginx(text, PATH)
    assert not any(issue.message.startswith("syntax error") for issue in issues), issues
    facts = NginxFacts(PATH, "/etc/nginx", main, (PATH,))
    for name in ("autoindex", "add_header", "proxy_pass", "return", "server_tokens", "listen", "none"):
        scan = tuple(pair for pair in facts.levels() if pair[1].own(name))
        assert facts.levels_setting(name) == scan


def test_a_statement_going_on_past_a_plain_run_keeps_its_line() -> None:
    main, _ = parse_nginx("user www;\n\nworker_processes\n  4 # four\n;\n", PATH)
    assert [(d.name, d.args, d.location.line) for d in main] == [
        ("user", ("www",), 1),
        ("worker_processes", ("4",), 3),
    ]
