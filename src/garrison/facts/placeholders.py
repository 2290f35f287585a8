"""Unrendered template placeholders in config values: the one definition every pack uses.

A config deployed from a template can still hold the template's markers: Jinja/Ansible `{{ x }}` and
`{% x %}`, envsubst/shell `${NAME}` (also `${NAME:-default}`), and docker-gen style `<VIRTUAL_HOST>` (upper
case anywhere, or any `<name>` that is the whole value). A value holding one cannot be judged, so the rules
that need it report `unknown`.

Formats with a `${...}` syntax of their own narrow the envsubst form: nginx variables are lower case
(`${host}`), so there only upper-case names count (`env="upper"`); where `${NAME}` is resolved before the
check (compose interpolation from `.env`), leave it out (`env="none"`); `env="shell"` also counts a bare
`$NAME` (an env file or compose value that is only a reference).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

EnvForm = Literal["any", "upper", "none", "shell"]

_TEMPLATE = r"\{\{.*?\}\}|\{%.*?%\}"
_MARKER = r"<[A-Z][A-Z0-9_]*>|^<[A-Za-z_][A-Za-z0-9_]*>$"
_ENV = {
    "any": r"|\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^}]*)?\}",
    "upper": r"|\$\{[A-Z_][A-Z0-9_]*(?:[:?+=-][^}]*)?\}",
    "none": "",
    "shell": r"|\$\{[^}]*\}|\$[A-Za-z_]\w*",
}


@cache
def _pattern(env: EnvForm) -> re.Pattern[str]:
    return re.compile(_TEMPLATE + "|" + _MARKER + _ENV[env])


def find_placeholder(text: str, *, env: EnvForm = "any") -> str | None:
    """The first placeholder in `text`, or None. Pure, never raises."""
    found = _pattern(env).search(text)
    return None if found is None else found.group(0)


def has_placeholder(text: str, *, env: EnvForm = "any") -> bool:
    return find_placeholder(text, env=env) is not None


def mask_placeholders(text: str, *, env: EnvForm = "none", token: str = "{{template}}") -> str:
    """`text` with each placeholder replaced by one token (so a tokenizer keeps it in one piece)."""
    return _pattern(env).sub(token, text)


#: A value someone blanked out before sharing the file: only mask characters (`********`, `xxxx`, `...`), or
#: a redaction word alone or in brackets (`<REDACTED>`, `[removed]`, `(hidden)`, `SECRET`).
_REDACTION = re.compile(
    r"(?i)^\s*(?:[*x.#•]{3,}|[<\[({]?\s*(?:redacted|removed|hidden|masked|censored|omitted|secret|password|"
    r"snip|filtered)\s*[>\])}]?)\s*$"
)


def is_redaction(text: str) -> bool:
    """True for a redaction placeholder: the secret was removed, so there is no secret to judge. `changeme`
    and the like are not: a server that reads them uses them as its secret."""
    return _REDACTION.match(text) is not None
