"""What an error message may quote from the target: a bounded keyword, never a line or a value.

A config can `include` /etc/shadow, a `.htpasswd` or a private key, or be a symlink to one; every line of
the secret is then a syntax error of that config. So the messages built from target text (`ParseIssue`,
`FactError`, the outcome messages and evidence of `error` outcomes) name at most the keyword of the
offending line (the option, directive or key name), and only when it looks like one: identifier characters
(letters, digits, `_`, `.`, `-`), starting with a letter or `_`, at most `KEYWORD_LIMIT` characters, and not
shaped like encoded data (a long run of letters and digits mixed, as base64, hex and hashes are; keywords
are short words joined by `_`, `.` or `-`).
Anything else is `NOT_SHOWN`; the file:line of the issue says where to look. A keyword Garrison knows (from
its own tables) is safe to print as is and needs none of this.

- `keyword_of(text)`: the keyword, or None.
- `shown(text)`: the keyword, or `NOT_SHOWN`.
- `redact_quoted(message)`: a library's message (antlr, crossplane, ruamel, ...) with each quoted piece of
  input replaced by `shown(...)` (short grammar symbols such as `';'` kept) and anything after an unbalanced
  quote dropped.
- `redact_words(message)`: a program's error text (`sshd -T`, `nft`): also every bare word that is neither a
  keyword nor a number becomes `NOT_SHOWN`.

Pure, never raise.
"""

from __future__ import annotations

import re

KEYWORD_LIMIT = 64
NOT_SHOWN = "(not shown)"
#: A run of letters and digits longer than this that holds a digit is taken for encoded data.
_ENCODED_MIN = 12
_RUN = re.compile(r"[A-Za-z0-9]+")

_KEYWORD = re.compile(rf"[A-Za-z_][A-Za-z0-9_.\-]{{0,{KEYWORD_LIMIT - 1}}}")
_QUOTE = re.compile(r"['\"`]")
_WORD = re.compile(r"\"[^\"]*\"|'[^']*'|[\"']|[^\s\"']+")
_PUNCTUATION = ".,:;!?()[]-"
_NUMBERS = re.compile(r"[0-9][0-9:.,/-]*")
#: A grammar symbol a parser says it expected (`';'`, `'='`, `'..'`) or a character escape (`'\t'`):
#: kept by `redact_quoted`.
_SYMBOL = re.compile(r"[^\sA-Za-z0-9'\"`]{1,3}|<EOF>|\\[A-Za-z0-9]{1,4}")


def _looks_encoded(text: str) -> bool:
    """A run of letters and digits that reads like base64, hex or a hash rather than a word."""
    for run in _RUN.findall(text):
        mixed_case = any(c.isupper() for c in run) and any(c.islower() for c in run)
        if (len(run) > _ENCODED_MIN and any(c.isdigit() for c in run)) or (len(run) > 32 and mixed_case):
            return True
    return False


def keyword_of(text: str) -> str | None:
    """`text` (stripped) when it looks like a keyword, else None."""
    text = text.strip()
    if _KEYWORD.fullmatch(text) is None or _looks_encoded(text):
        return None
    return text


def shown(text: str) -> str:
    """The keyword `text` is, or `NOT_SHOWN`."""
    keyword = keyword_of(text)
    return NOT_SHOWN if keyword is None else keyword


def redact_quoted(message: str) -> str:
    """`message` with every quoted piece (`'...'`, `"..."`, `` `...` ``) reduced to `shown(piece)`.

    A quote that is never closed ends the message there (the rest would be raw input).
    """
    out: list[str] = []
    at = 0
    while True:
        found = _QUOTE.search(message, at)
        if found is None:
            out.append(message[at:])
            break
        out.append(message[at : found.start()])
        quote = found.group(0)
        close = message.find(quote, found.end())
        if close < 0:
            out.append(NOT_SHOWN)
            break
        piece = message[found.end() : close]
        out.append(f"{quote}{piece if _SYMBOL.fullmatch(piece) else shown(piece)}{quote}")
        at = close + 1
    return "".join(out)


def redact_words(message: str) -> str:
    """`message` with quoted pieces as in `redact_quoted` and other words kept only when they are keywords."""
    out: list[str] = []
    at = 0
    for found in _WORD.finditer(message):
        out.append(message[at : found.start()])
        at = found.end()
        word = found.group(0)
        if word in ("'", '"'):  # a quote never closed: the rest is raw input
            out.append(NOT_SHOWN)
            return "".join(out)
        if word[0] in "'\"":
            out.append(f"{word[0]}{shown(word[1:-1])}{word[0]}")
            continue
        core = word.strip(_PUNCTUATION)
        safe = not core or _NUMBERS.fullmatch(core) is not None or keyword_of(core) is not None
        out.append(word if safe else NOT_SHOWN)
    out.append(message[at:])
    return "".join(out)
