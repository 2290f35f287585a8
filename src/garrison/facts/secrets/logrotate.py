"""logrotate(8) configuration: which log paths a stanza covers. Pure, never raises.

A stanza is one or more path globs (possibly quoted) followed by `{ ... }`; `include` lines and directives
outside braces are skipped. Returns [(glob, location of the stanza line)].
"""

from __future__ import annotations

import fnmatch
import posixpath
import shlex

from garrison.model import Location


def logrotate_paths(text: str, path: str) -> list[tuple[str, Location]]:
    found: list[tuple[str, Location]] = []
    depth = 0
    pending: list[tuple[str, int]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if depth == 0:
            head = line.split("{", 1)[0].strip()
            if head and (head.startswith(("/", '"', "'")) or "*" in head):
                try:
                    words = shlex.split(head)
                except ValueError:
                    words = head.split()
                pending.extend((w, number) for w in words if w.startswith("/"))
            if "{" in line:
                found.extend((glob, Location(path, start)) for glob, start in pending)
                pending = []
        depth = max(0, depth + line.count("{") - line.count("}"))
    return found


def covering(globs: list[tuple[str, Location]], directory: str, files: tuple[str, ...]) -> Location | None:
    """The stanza that rotates files of `directory` (any of `files`, or a glob naming the directory)."""
    for glob, where in globs:
        if any(fnmatch.fnmatchcase(name, glob) for name in files):
            return where
        if posixpath.dirname(glob).rstrip("/") == directory.rstrip("/") or glob.startswith(directory + "/"):
            return where
    return None
