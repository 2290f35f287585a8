"""Processes still running code an upgrade replaced, as needrestart and checkrestart find them (live only).

dpkg replaces a file by writing the new one and renaming it over the old; a process that mapped the old
shared library or program keeps the deleted inode, and /proc/<pid>/maps (proc(5)) shows its path followed
by ` (deleted)`. Counted: executable mappings or `.so` files below the system directories (anything in
/dev, /run, /tmp, memfd or SysV shared memory is no package file). The process's systemd unit comes from
the unified hierarchy line of /proc/<pid>/cgroup (`0::/system.slice/nginx.service`). The parsers are pure
and never raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Where package files live (dpkg's file lists): mappings elsewhere are not library updates.
SYSTEM_PREFIXES = ("/usr/", "/lib", "/bin/", "/sbin/", "/opt/")
_SO = re.compile(r"\.so(\.[0-9.]+)?$")
DELETED = " (deleted)"
_SYSTEMD_CGROUP = re.compile(r"^(?:0::|\d+:name=systemd:)(/.*)$")
#: At most this many processes are read (a host has hundreds; the bound keeps a fork bomb from stalling).
MAX_PROCESSES = 20000


@dataclass(frozen=True, slots=True)
class StaleProcess:
    pid: int
    name: str  # /proc/<pid>/comm
    unit: str | None  # the systemd unit it runs in (`nginx.service`), None outside system.slice units
    files: tuple[str, ...]  # the deleted libraries and programs it maps

    @property
    def subject(self) -> str:
        return self.unit or f"{self.name} (pid {self.pid})"


@dataclass(frozen=True, slots=True)
class RestartFacts:
    stale: tuple[StaleProcess, ...] = ()
    scanned: int = 0  # processes whose maps were read
    unreadable: int = 0  # processes whose maps could not be read (another user's, without root)
    bounded: bool = False  # MAX_PROCESSES was reached
    privileged: bool = False  # read with root's rights (then an unreadable map is a sandbox's refusal)


def parse_maps(text: str) -> tuple[str, ...]:
    """Pure, never raises. /proc/<pid>/maps -> the deleted package files it maps (each once).

    A line is `address perms offset dev inode [path]`; the path may hold blanks, so it is what follows the
    fifth field."""
    found: dict[str, None] = {}
    for line in text.splitlines():
        if not line.endswith(DELETED):
            continue
        parts = line.split(None, 5)
        if len(parts) < 6:
            continue
        perms, path = parts[1], parts[5][: -len(DELETED)].strip()
        if not path.startswith(SYSTEM_PREFIXES):
            continue
        if "x" in perms or _SO.search(path):
            found[path] = None
    return tuple(found)


def parse_cgroup_unit(text: str) -> str | None:
    """Pure, never raises. /proc/<pid>/cgroup -> the systemd service or scope of a system slice, if any
    (the unified `0::` line, or cgroup v1's `N:name=systemd:` one)."""
    for line in text.splitlines():
        match = _SYSTEMD_CGROUP.match(line)
        if match is None:
            continue
        parts = [p for p in match[1].split("/") if p]
        if parts and parts[0] != "user.slice" and parts[-1].endswith((".service", ".scope")):
            return parts[-1]
    return None
