"""Who a target is: a stable identity for reports and, later, the run history.

Read through the target itself (so it works the same for this host, a mounted image and an SSH host):
`/etc/hostname`, `/etc/machine-id` and os-release(5) (`/etc/os-release`, else `/usr/lib/os-release`).
`key` is what the history files a run under: the machine id when the target has one (it survives renames
and moves), else the name the user gave (`local`, `root:/srv/images/web01`).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from garrison.errors import TargetFileError

if TYPE_CHECKING:
    from garrison.targets.base import Target

OS_RELEASE = ("/etc/os-release", "/usr/lib/os-release")
_SMALL = 64 * 1024


class TargetKind(StrEnum):
    LOCAL = "local"  # this machine, live
    ROOT = "root"  # an offline tree given with --root
    SSH = "ssh"  # a host reached over SSH


@dataclass(frozen=True, slots=True)
class TargetIdentity:
    name: str
    kind: TargetKind
    hostname: str | None = None
    machine_id: str | None = None
    os_id: str | None = None  # os-release ID: debian, ubuntu
    os_version: str | None = None  # VERSION_ID: 12, 24.04
    os_name: str | None = None  # PRETTY_NAME
    root: str | None = None  # the --root directory, for a root tree

    @property
    def key(self) -> str:
        return f"machine-id:{self.machine_id}" if self.machine_id else self.name


def parse_os_release(text: str) -> Mapping[str, str]:
    """os-release(5): `KEY=value` lines, shell-quoted values, comments. Pure, never raises."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if not sep or not key.isidentifier() or key.startswith("#"):
            continue
        try:
            words = shlex.split(value)
        except ValueError:
            continue
        found[key] = " ".join(words)
    return found


def _first_line(target: Target, path: str) -> str | None:
    try:
        text = target.read_text(path, limit=_SMALL)
    except TargetFileError:
        return None
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    return line or None


def read_identity(
    target: Target, kind: TargetKind, *, root: str | None = None, hostname: str | None = None
) -> TargetIdentity:
    """The identity of `target`; a missing or unreadable file leaves its field None (never raises)."""
    release: Mapping[str, str] = {}
    for path in OS_RELEASE:
        try:
            release = parse_os_release(target.read_text(path, limit=_SMALL))
            break
        except TargetFileError:
            continue
    machine_id = _first_line(target, "/etc/machine-id")
    if machine_id is not None and not (len(machine_id) == 32 and machine_id.isalnum()):
        machine_id = None  # "uninitialized" in images, or garbage: no identity rather than a wrong one
    return TargetIdentity(
        name=target.name,
        kind=kind,
        hostname=hostname or _first_line(target, "/etc/hostname"),
        machine_id=machine_id,
        os_id=release.get("ID"),
        os_version=release.get("VERSION_ID"),
        os_name=release.get("PRETTY_NAME"),
        root=root,
    )
