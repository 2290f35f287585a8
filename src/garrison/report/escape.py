"""Make strings from the target safe to show: every renderer passes target-derived text through here.

An audited image controls its file names and config values. Printed raw, an escape sequence in a file name
can clear the screen, retitle the terminal or move the cursor to forge a `PASS` line; a newline can start a
fake finding; a right-to-left override can reorder what the admin reads. Human-readable renderers call
`printable()`, which shows each such character visibly as a backslash escape (`\\x1b`, `\\n`, `\\u202e`).

Names and bytes that are not UTF-8 arrive as lone surrogates (Python's `surrogateescape` for file names and
for config bytes read as the daemons read them). Those cannot be encoded, so every renderer — JSON included —
calls at least `valid_text()`, which turns each such byte into `\\xNN` (the byte's value), the same notation
in every format. Both functions are pure and total.
"""

from __future__ import annotations

import re

#: C0 controls and DEL, C1 controls, invisible formatting and bidirectional controls, line and paragraph
#: separators, the byte-order mark, and surrogates (undecodable bytes).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control, formatting or undecodable character shown as a visible escape."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def valid_text(text: str) -> str:
    """`text` with undecodable bytes (lone surrogates) written as `\\xNN`, so it always encodes as UTF-8."""
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text


def printable_or_none(text: str | None) -> str | None:
    return None if text is None else printable(text)
