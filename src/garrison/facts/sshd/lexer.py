"""Tokenising one sshd_config line exactly as OpenSSH 9.2p1 does (misc.c `strdelim` + `argv_split`).

The keyword is cut with `strdelim` (whitespace, one optional `=`, double quotes); the rest is split with
`argv_split(..., terminate_on_comment=1)`: blanks separate words, `"` and `'` quote, a backslash escapes a
quote, a backslash or a space, and a `#` at the start of a word ends the line. Pure, never raises.

A line that is only words between blanks (no quote, escape, `#`, `=`, CR, LF or FF: nearly every line) is
split in one step with the same result as the step-by-step `split_line_stepwise` (a property test holds them
equal): 33,000 Match blocks are 100,000 lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.facts.quoting import shown

WHITESPACE = " \t\r\n"
_STOPS = {True: re.compile(r'[ \t\r\n"=]'), False: re.compile(r'[ \t\r\n"]')}
_BLANKS = re.compile(r"[ \t]+")
#: words between blanks: no quote, escape, `#`, `=` or whitespace other than blanks (which `str.split`
#: would take as a separator and sshd does not); `strdelim` and `argv_split` cut such a text at its blanks
_SPECIAL = re.compile(r"[\"'\\#=]|[^\S \t]")


@dataclass(frozen=True, slots=True)
class SplitLine:
    """A tokenised line: `keyword` as written (None for blank/comment lines), its words, the raw rest."""

    keyword: str | None
    args: tuple[str, ...] = ()
    rest: str = ""
    error: str | None = None


_NOTHING = SplitLine(None)


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
    if _SPECIAL.search(line) is not None:
        return split_line_stepwise(line)
    words = line.split()  # only blanks separate them: what strdelim and argv_split make of it
    if not words:
        return _NOTHING
    keyword = words[0]
    if len(words) == 1:
        return SplitLine(keyword, (), "", f'no argument after keyword "{shown(keyword)}"')
    return SplitLine(keyword, tuple(words[1:]), line.strip()[len(keyword) :].lstrip())


def split_line_stepwise(line: str) -> SplitLine:
    """`split_line` by `strdelim` and `argv_split` alone, for any line."""
    line = line.rstrip(WHITESPACE + "\f")
    if not line:
        return _NOTHING
    keyword, rest = strdelim(line)
    if keyword == "":
        keyword, rest = strdelim(rest)
    if not keyword or keyword.startswith("#"):
        return _NOTHING
    if not rest:
        return SplitLine(keyword, (), "", f'no argument after keyword "{shown(keyword)}"')
    args, error = argv_split(rest)
    return SplitLine(keyword, args, rest, error)


def strdelim_words(text: str) -> list[str]:
    """The tokens successive `strdelim` calls cut from `text`, up to the first empty one or comment (`#...`),
    as sshd reads a Match line. Words between blanks are split at C speed, anything else token by token."""
    if text[:1] not in (" ", "\t") and _SPECIAL.search(text) is None:
        return text.split()
    return strdelim_words_stepwise(text)


def strdelim_words_stepwise(text: str) -> list[str]:
    """`strdelim_words` by `strdelim` alone, for any text."""
    words: list[str] = []
    rest: str | None = text
    while True:
        word, rest = strdelim(rest)
        if not word or word.startswith("#"):
            return words
        words.append(word)
