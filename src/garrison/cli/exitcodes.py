"""The exit statuses of every command, in one place (documented in the README).

  0  clean: no finding at or above --fail-on, and every rule that applied was judged
  1  findings: a failed rule at or above --fail-on (takes precedence over 3)
  2  usage, target or output error: bad arguments or garrison.toml, a root that is not a system,
     a report that could not be written
  3  incomplete: a rule ended in `error` (a config could not be read or parsed), or no rule could be
     decided at all; `--allow-incomplete` turns this into 0
130  interrupted (Ctrl-C)
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    CLEAN = 0
    FINDINGS = 1
    USAGE = 2
    INCOMPLETE = 3
    INTERRUPTED = 130
