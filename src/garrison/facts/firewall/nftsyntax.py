"""The lexical layer of nft(8) scripts: tokens with line numbers, nested `{ }` blocks and statements.

A script is a sequence of statements separated by newlines or `;`; a `{ ... }` block nests statements (a
table body, a chain body, an anonymous set `{ 22, 80 }`). `#` starts a comment outside quotes; a trailing
backslash joins lines; a quoted string may span lines. Pure and never raising: an unbalanced brace or a
string never closed is reported as an issue.
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.model import Location, ParseIssue

_PUNCT = frozenset("{};,")
#: nft's scanner has no token for a lone `"`: `nft -f` fails with "syntax error, unexpected junk".
UNTERMINATED = "unterminated string: a double quote is never closed (nft refuses the script)"
_MAX_NESTING = 32


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
    for tok in tokens:
        statements, current, _ = stack[-1]
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


def include_patterns(text: str) -> tuple[str, ...]:
    """The include names a script mentions (for the gatherer to fetch before parsing)."""
    found: list[str] = []
    for tok_index, tok in enumerate(tokens := tokenize(text)):
        if tok.text == "include" and tok_index + 1 < len(tokens):
            found.append(tokens[tok_index + 1].text.strip('"'))
    return tuple(found)
