"""Tokenising one sshd_config line exactly as OpenSSH 9.2p1 does (misc.c `strdelim` + `argv_split`).

The keyword is cut with `strdelim` (whitespace, one optional `=`, double quotes); the rest is split with
`argv_split(..., terminate_on_comment=1)`: blanks separate words, `"` and `'` quote, a backslash escapes a
quote, a backslash or a space, and a `#` at the start of a word ends the line. Pure, never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.facts.quoting import shown

WHITESPACE = " \t\r\n"
_STOPS = {True: re.compile(r'[ \t\r\n"=]'), False: re.compile(r'[ \t\r\n"]')}
_BLANKS = re.compile(r"[ \t]+")


@dataclass(frozen=True, slots=True)
class SplitLine:
    """A tokenised line: `keyword` as written (None for blank/comment lines), its words, the raw rest."""

    keyword: str | None
    args: tuple[str, ...] = ()
    rest: str = ""
    error: str | None = None


def strdelim(text: str | None, split_equals: bool = True) -> tuple[str | None, str | None]:
    """One token and the remaining text, like OpenSSH's `strdelim` (None when nothing is left)."""
    if text is None:
        return None, None
    stop = _STOPS[split_equals].search(text)
    if stop is None:
        return text, None
    index = stop.start()
    if text[index] == '"':
        body = text[:index] + text[index + 1 :]
        close = body.find('"', index)
        if close < 0:
            return None, None
        after = body[close + 1 :]
        return body[:close], after.lstrip(WHITESPACE)
    token = text[:index]
    equals_seen = split_equals and text[index] == "="
    rest = text[index + 1 :].lstrip(WHITESPACE)
    if split_equals and rest.startswith("=") and not equals_seen:
        rest = rest[1:].lstrip(WHITESPACE)
    return token, rest


def argv_split(text: str) -> tuple[tuple[str, ...], str | None]:
    """Words of `text` like OpenSSH's `argv_split(s, .., 1)`; the error is set on an unclosed quote."""
    if not any(char in text for char in "\\\"'#"):  # no quote, escape or comment: blanks separate words
        return tuple(word for word in _BLANKS.split(text) if word), None
    words: list[str] = []
    i, size = 0, len(text)
    while i < size:
        ch = text[i]
        if ch in " \t":
            i += 1
            continue
        if ch == "#":
            break
        quote = ""
        word: list[str] = []
        while i < size:
            ch = text[i]
            if ch == "\\" and i + 1 < size:
                nxt = text[i + 1]
                if nxt in "'\"\\" or (not quote and nxt == " "):
                    i += 1
                    word.append(nxt)
                else:
                    word.append(ch)
            elif not quote and ch in " \t":
                break
            elif not quote and ch in "\"'":
                quote = ch
            elif quote and ch == quote:
                quote = ""
            else:
                word.append(ch)
            i += 1
        words.append("".join(word))
        if i >= size and quote:
            return tuple(words), "invalid quotes"
    return tuple(words), None


def split_line(line: str) -> SplitLine:
    """Tokenise one line (without its newline). Blank and comment lines give `keyword=None`."""
    line = line.rstrip(WHITESPACE + "\f")
    if not line:
        return SplitLine(None)
    keyword, rest = strdelim(line)
    if keyword == "":
        keyword, rest = strdelim(rest)
    if not keyword or keyword.startswith("#"):
        return SplitLine(None)
    if not rest:
        return SplitLine(keyword, (), "", f'no argument after keyword "{shown(keyword)}"')
    args, error = argv_split(rest)
    return SplitLine(keyword, args, rest, error)
