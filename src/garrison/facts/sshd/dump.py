"""Reading `sshd -T` output: `keyword value` lines, lowercase keywords, repeated keywords for lists.

    parse_sshd_t(text) -> {"port": ("22",), "acceptenv": ("LANG", "LC_*"), ...}

Pure, never raises. Also finds the file:line in sshd's error text when `sshd -T` refuses the config.
"""

from __future__ import annotations

import re

from garrison.facts.quoting import redact_words
from garrison.model import Location

_ERROR_AT = re.compile(r"(/[^\s:]+)(?::? line |:)(\d+)")


def parse_sshd_t(text: str) -> dict[str, tuple[str, ...]]:
    values: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        key, _, value = line.strip().partition(" ")
        if key:
            values[key.lower()] = (*values.get(key.lower(), ()), value.strip())
    return values


def error_location(stderr: str, fallback: str) -> tuple[str, Location]:
    """The first meaningful error line of a failed `sshd -T` and the location it names.

    The text after the location keeps only keywords (`quoting.redact_words`): sshd quotes the offending
    token, which is a secret's line when the config includes /etc/shadow or a key.
    """
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    message = next((ln for ln in lines if _ERROR_AT.search(ln)), lines[0] if lines else "sshd -T failed")
    found = _ERROR_AT.search(message)
    if found is None:
        return redact_words(message), Location(fallback)
    told = message[found.end() :].lstrip(": ")
    return redact_words(told or message), Location(found.group(1), int(found.group(2)))
