"""The lexical layer of nft(8) scripts: tokens with line numbers, nested `{ }` blocks and statements.

A script is a sequence of statements separated by newlines or `;`; a `{ ... }` block nests statements (a
table body, a chain body, an anonymous set `{ 22, 80 }`). `#` starts a comment outside quotes; a trailing
backslash joins lines; a quoted string may span lines. Pure and never raising: an unbalanced brace or a
string never closed is reported as an issue.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

_PUNCT = frozenset("{};,")
#: nft's scanner has no token for a lone `"`: `nft -f` fails with "syntax error, unexpected junk".
UNTERMINATED = "unterminated string: a double quote is never closed (nft refuses the script)"
_MAX_NESTING = 32
#: Template markers left in a deployed script: Jinja/Ansible `{{ x }}` / `{% x %}`, envsubst `${X}`, and the
#: `@@X@@`, `%X%` and `<X>` forms of other templating tools. nft 1.0.6 refuses each where a value is needed:
#: `{{ x }}` is an anonymous set holding a name that is no service, host or interface ("Could not resolve
#: service"), `${` is a syntax error (`$` must start a variable name), as are `@@`, `%` and `<X>`.
_PLACEHOLDER = re.compile(
    r"(?P<open>\{\{|\{%|\$\{|@@|%|<)\s*(?P<name>[A-Za-z_][\w.-]*)[^}%@>\n]*?(?P<close>\}\}|%\}|\}|@@|%|>)"
)
_PAIRS = {"{{": "}}", "{%": "%}", "${": "}", "@@": "@@", "%": "%", "<": ">"}


@dataclass(frozen=True, slots=True)
class Tok:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Block:
    statements: tuple[tuple[Item, ...], ...]
    line: int


Item = Tok | Block


def tokenize(text: str) -> list[Tok]:
    tokens: list[Tok] = []
    line = 1
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            tokens.append(Tok("\n", line))
            line += 1
            i += 1
        elif ch == "\\" and text[i + 1 : i + 2] == "\n":
            line += 1
            i += 2
        elif ch.isspace():
            i += 1
        elif ch == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            chunk = text[i + 1 : n if end < 0 else end]
            tokens.append(Tok('"' + chunk + ('"' if end >= 0 else ""), line))  # unclosed: one quote only
            end = n if end < 0 else end
            line += chunk.count("\n")
            i = end + 1
        elif ch in _PUNCT:
            tokens.append(Tok(ch, line))
            i += 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in _PUNCT and text[i] != '"':
                i += 1
            if text[i : i + 1] == "#" and i == start:
                i += 1
            tokens.append(Tok(text[start:i], line))
    return tokens


def parse_blocks(tokens: list[Tok], path: str) -> tuple[Block, list[ParseIssue]]:
    """Group tokens into statements and nested blocks. Separators `;` and newlines are dropped."""
    issues: list[ParseIssue] = []
    stack: list[tuple[list[tuple[Item, ...]], list[Item], int]] = [([], [], 1)]
    ignored = 0  # braces nested past _MAX_NESTING are dropped, with one issue
    closed: str | None = None  # a table, chain, set, ... block just closed: a separator must follow
    for tok in tokens:
        statements, current, _ = stack[-1]
        if closed is not None and tok.text not in ("\n", ";"):
            message = (
                f"'}}' of the {shown(closed)} block must be followed by a newline or ';' (nft refuses it)"
            )
            issues.append(ParseIssue(Location(path, tok.line), message))
        closed = None
        if tok.text in ("\n", ";"):
            if current:
                statements.append(tuple(current))
                current.clear()
        elif tok.text == "{" and (ignored or len(stack) > _MAX_NESTING):
            if not ignored:
                issues.append(ParseIssue(Location(path, tok.line), f"blocks nest deeper than {_MAX_NESTING}"))
            ignored += 1
        elif tok.text == "}" and ignored:
            ignored -= 1
        elif tok.text == "{":
            stack.append(([], [], tok.line))
        elif tok.text == "}":
            if len(stack) == 1:
                issues.append(ParseIssue(Location(path, tok.line), "unbalanced '}'"))
                continue
            inner_statements, inner_current, opened = stack.pop()
            if inner_current:
                inner_statements.append(tuple(inner_current))
            stack[-1][1].append(Block(tuple(inner_statements), opened))
            closed = _declared(stack[-1][1]) if len(stack) <= 2 else None
        else:
            if tok.text.startswith('"') and tok.text.count('"') == 1:
                issues.append(ParseIssue(Location(path, tok.line), UNTERMINATED))
            current.append(tok)
    while len(stack) > 1:
        inner_statements, inner_current, opened = stack.pop()
        issues.append(ParseIssue(Location(path, opened), "'{' is never closed"))
        if inner_current:
            inner_statements.append(tuple(inner_current))
        stack[-1][1].append(Block(tuple(inner_statements), opened))
    statements, current, _ = stack[0]
    if current:
        statements.append(tuple(current))
    return Block(tuple(statements), 1), issues


#: Objects declared with a block in a table or at the top level; nft's grammar ends each with a separator.
_DECLARED = frozenset({"table", "chain", "set", "map", "flowtable", "counter", "quota", "limit", "ct",
                       "secmark", "synproxy"})  # fmt: skip


def _declared(statement: list[Item]) -> str | None:
    """The object a block closes when `statement` declares one (`chain input {`, `add table inet t {`)."""
    words = [i.text for i in statement[:2] if isinstance(i, Tok)]
    if words and words[0] in ("add", "create") and len(words) > 1:
        return words[1] if words[1] in _DECLARED else None
    return words[0] if words and words[0] in _DECLARED else None


def flat(item: Item) -> list[str]:
    """Every token text inside an item, commas dropped (for sets and values)."""
    if isinstance(item, Tok):
        return [] if item.text == "," else [item.text]
    return [text for statement in item.statements for part in statement for text in flat(part)]


def render(items: tuple[Item, ...] | list[Item]) -> str:
    parts: list[str] = []
    for item in items:
        if isinstance(item, Tok):
            parts.append(item.text)
        else:
            parts.append("{ " + ", ".join(render(s) for s in item.statements) + " }")
    return " ".join(parts).replace(" ,", ",")


def _code(line: str) -> str:
    """A script line without its quoted strings and its `#` comment (placeholders there are only text)."""
    out: list[str] = []
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
            out.append(" ")
        elif char == "#" and not quoted:
            break
        else:
            out.append(" " if quoted else char)
    return "".join(out)


def template_placeholders(text: str, path: str) -> list[ParseIssue]:
    """An issue at each line holding an unrendered template placeholder outside strings and comments:
    `nft -c -f` refuses the script there (a port, address or name is needed, not a marker). Pure."""
    issues: list[ParseIssue] = []
    if not any(mark in text for mark in ("{{", "{%", "${", "@@", "%", "<")):
        return issues
    for number, line in enumerate(text.splitlines(), start=1):
        for found in _PLACEHOLDER.finditer(_code(line)):
            if _PAIRS[found.group("open")] != found.group("close"):
                continue
            marker = f"{found.group('open')} {shown(found.group('name'))} {found.group('close')}"
            if found.group("open") in ("@@", "%", "<", "${"):
                marker = marker.replace(" ", "")
            message = (
                f"unrendered template placeholder {marker} where nft needs a value: nft refuses the script"
            )
            issues.append(ParseIssue(Location(path, number), message))
            break
    return issues


def read_script(text: str, path: str) -> tuple[Block, list[ParseIssue]]:
    """Tokens grouped into blocks (`parse_blocks`), with the lines holding template placeholders."""
    block, issues = parse_blocks(tokenize(text), path)
    return block, [*issues, *template_placeholders(text, path)]


def undefined_variable(items: Sequence[Item], defines: Container[str]) -> str | None:
    """The first `$name` in `items` that no `define` before it names (nft: "unknown identifier")."""
    for item in items:
        for text in flat(item):
            if text.startswith("$") and len(text) > 1 and text[1:] not in defines:
                return text[1:]
    return None


#: nft's default include path (`nft --help`: "-I ... Default is: /etc"), and the working directory of
#: nftables.service (systemd's default, `/`), where `./` and `../` names are opened.
INCLUDE_PATH = "/etc"
WORKING_DIRECTORY = "/"


def include_path(pattern: str) -> str:
    """Where nft 1.0.6 opens an `include` (scanner.l): an absolute name as it is, `./x` and `../x` from the
    working directory, any other relative name in the include path only (never beside the including
    file)."""
    if pattern.startswith("/"):
        return pattern
    if pattern.startswith(("./", "../")):
        return posixpath.normpath(posixpath.join(WORKING_DIRECTORY, pattern))
    return posixpath.join(INCLUDE_PATH, pattern)


def include_patterns(text: str) -> tuple[str, ...]:
    """The include names a script mentions (for the gatherer to fetch before parsing)."""
    found: list[str] = []
    for tok_index, tok in enumerate(tokens := tokenize(text)):
        if tok.text == "include" and tok_index + 1 < len(tokens):
            found.append(tokens[tok_index + 1].text.strip('"'))
    return tuple(found)
