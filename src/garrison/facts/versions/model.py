"""Which version of each audited program is installed: typed, with where it was read.

Packs judge absent settings and known keywords by the installed version's compiled defaults; this module
holds only what every pack shares: the programs, the dpkg packages that carry them, and the parsed version.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from garrison.model import Location


class Program(StrEnum):
    OPENSSH = "openssh"
    NGINX = "nginx"
    PROSODY = "prosody"
    POSTGRESQL = "postgresql"
    EJABBERD = "ejabberd"
    SYSTEMD = "systemd"
    KAMAILIO = "kamailio"


class VersionSource(StrEnum):
    DPKG = "dpkg"  # the dpkg status database's Version: of the package that ships the program
    LIVE = "live"  # the program's own `-V` / `-v` / `--version` on a live host
    FILE = "file"  # the version file the program ships beside its code (Prosody, ejabberd), offline too


#: The dpkg packages that ship each program, most specific first (the first installed one counts).
PACKAGES: Mapping[Program, tuple[str, ...]] = MappingProxyType(
    {
        Program.OPENSSH: ("openssh-server", "openssh-client"),
        Program.NGINX: ("nginx-core", "nginx-light", "nginx-full", "nginx-extras", "nginx", "nginx-common"),
        Program.PROSODY: ("prosody",),
        Program.POSTGRESQL: (
            "postgresql-17",
            "postgresql-16",
            "postgresql-15",
            "postgresql-14",
            "postgresql-13",
        ),
        Program.EJABBERD: ("ejabberd",),
        Program.SYSTEMD: ("systemd",),
        Program.KAMAILIO: ("kamailio",),
    }
)

#: at most nine digits a component: a version is no place for a number Python refuses to convert
_UPSTREAM = re.compile(r"(\d{1,9}(?:\.\d{1,9})*)(?!\d)")


def upstream_numbers(version: str) -> tuple[int, ...]:
    """`1:9.2p1-2+deb12u3` -> (9, 2); `252.39-1~deb12u2` -> (252, 39); `13.0.1-1` -> (13, 0, 1); () when
    the text has no leading number (epoch and Debian revision are dropped, as dpkg splits them)."""
    text = version.strip()
    _epoch, colon, rest = text.partition(":")
    if colon and _epoch.isdigit():
        text = rest
    found = _UPSTREAM.match(text)
    return tuple(int(part) for part in found.group(1).split(".")) if found else ()


@dataclass(frozen=True, slots=True)
class InstalledVersion:
    """One program's installed version: the numbers (`(9, 2)`), the text as printed, and where it was read."""

    program: Program
    numbers: tuple[int, ...]
    text: str
    source: VersionSource
    location: Location  # the package's dpkg stanza, the version file's line, or the command that printed it

    def at_least(self, *numbers: int) -> bool:
        return self.numbers >= numbers

    @property
    def short(self) -> str:
        return ".".join(str(n) for n in self.numbers) or self.text


@dataclass(frozen=True, slots=True)
class InstalledVersions:
    """Every audited program whose version could be read (live readings take precedence over dpkg's)."""

    found: Mapping[Program, InstalledVersion] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, program: Program) -> InstalledVersion | None:
        return self.found.get(program)
