"""Parse ejabberdctl.cfg, the shell fragment that sets the Erlang node's environment.

`parse_ejabberdctl_cfg(text, path) -> (dict name -> ShellVar, issues)` is pure and never raises. It reads
`NAME=value` lines (optionally `export NAME=value`), strips matching quotes, ignores comments; the last
assignment wins, as in the shell.
"""

from __future__ import annotations

import re

from garrison.facts.ejabberd.model import ShellVar
from garrison.model import Location, ParseIssue

_ASSIGN = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")


def parse_ejabberdctl_cfg(text: str, path: str) -> tuple[dict[str, ShellVar], tuple[ParseIssue, ...]]:
    found: dict[str, ShellVar] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _ASSIGN.match(line)
        if match is None:
            continue
        name, value = match.group(1), _unquote(match.group(2).strip())
        found[name] = ShellVar(name, value, Location(path, number))
    return found, ()


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    if " #" in value:
        value = value.split(" #", 1)[0].rstrip()
    return value
