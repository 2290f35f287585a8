"""Lua lexical checks luaparser gets wrong, and the line of a luaparser syntax error. Pure, never raise."""

from __future__ import annotations

import re

from garrison.facts.quoting import redact_quoted

_LINE = re.compile(r"line (\d+):")
_LONG_OPEN = re.compile(r"\[(=*)\[")


def unfinished_string(text: str) -> int | None:
    """The line of a short string literal that runs into a newline (Lua: "unfinished string").

    luaparser's grammar lets such a string swallow the newline, so this lexical pre-scan keeps the verdict
    and the line Lua itself gives. Comments and long brackets are skipped. The text between the characters
    that can start one of them (`-`, `[`, a quote) is passed over by regular expressions, not char by char.
    """
    i, line, size = 0, 1, len(text)
    while True:
        found = _STARTS.search(text, i)
        if found is None:
            return None
        line += text.count("\n", i, found.start())
        i = found.start()
        char = text[i]
        if text.startswith("--", i):
            long = _LONG_OPEN.match(text, i + 2)
            if long is not None:
                end = text.find("]" + long.group(1) + "]", long.end())
                stop = size if end < 0 else end + len(long.group(1)) + 2
            else:
                end = text.find("\n", i)
                stop = size if end < 0 else end
            line += text.count("\n", i, stop)
            i = stop
        elif char == "[" and (long := _LONG_OPEN.match(text, i)) is not None:
            end = text.find("]" + long.group(1) + "]", long.end())
            stop = size if end < 0 else end + len(long.group(1)) + 2
            line += text.count("\n", i, stop)
            i = stop
        elif char in "\"'":
            body = _SHORT_BODY[char].match(text, i + 1)
            assert body is not None  # the pattern matches the empty string
            after = body.end()
            if after < size and text[after] == "\n":
                return line
            line += text.count("\n", i, after)  # escaped newlines: the only ones a body holds
            i = after + 1
        else:
            i += 1  # a lone `-` or a `[` that opens nothing


_STARTS = re.compile(r"[-\['\"]")
#: a short string's body: anything but its quote, a newline or a backslash, or an escape (a backslash and
#: the next character; a backslash last in the text ends it)
_SHORT_BODY = {q: re.compile(rf"(?:[^{q}\\\n]+|\\[\s\S]|\\\Z)*") for q in ("'", '"')}


def syntax_error_of(exc: Exception) -> tuple[int | None, str]:
    """Line and text of a luaparser syntax error (the parser's bail-out hides the token in the context).

    antlr quotes the offending input, a secret's line when the config includes a key or /etc/shadow: the text
    keeps only keywords and grammar symbols (`quoting.redact_quoted`).
    """
    match = _LINE.search(str(exc))
    if match is not None:
        return int(match.group(1)), redact_quoted(str(exc).split("\n", 1)[0].removeprefix("syntax errors: "))
    context = exc.__context__
    inner = context.args[0] if context is not None and context.args else None
    token = getattr(inner, "offendingToken", None)
    line = getattr(token, "line", None)
    text = getattr(token, "text", None)
    if isinstance(line, int):
        return line, redact_quoted(f"unexpected {text!r}") if isinstance(text, str) else "unexpected input"
    return None, "invalid Lua"
