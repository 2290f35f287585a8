"""The machine Garrison runs on: files under `/`, live `/proc`, and an allow-list of read-only commands.

Only programs in `READ_ONLY_PROGRAMS` may be run, with a timeout and no standard input, so an audit cannot
change the host even through a fact that asks for the wrong command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence

from garrison.target.base import CommandResult
from garrison.target.rootdir import RootDirTarget

#: Programs facts may run on a live host. Each is run only in a mode that prints state and changes nothing.
READ_ONLY_PROGRAMS = frozenset(
    {
        "sshd",  # sshd -T: the effective configuration
        "iptables-save",
        "ip6tables-save",
        "nft",  # nft -j list ruleset
        "systemctl",  # systemctl list-unit-files
        "apt-mark",  # apt-mark showhold
        "dpkg-query",
        "ss",  # ss -tulpn: listening sockets
        "psql",  # a SELECT on pg_roles
    }
)

_SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class LocalTarget(RootDirTarget):
    """This machine, live."""

    def __init__(self) -> None:
        super().__init__("/", name="local")

    @property
    def live(self) -> bool:
        return True

    def run(self, argv: Sequence[str], *, timeout: float = 10.0) -> CommandResult | None:
        program = argv[0]
        if program not in READ_ONLY_PROGRAMS:
            raise ValueError(f"{program!r} is not an allowed read-only program")
        executable = shutil.which(program, path=os.environ.get("PATH", "") + ":" + _SEARCH_PATH)
        if executable is None:
            return None
        try:
            completed = subprocess.run(
                [executable, *argv[1:]],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
                check=False,
                env={"PATH": _SEARCH_PATH, "LC_ALL": "C"},
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return CommandResult(
            argv=tuple(argv),
            returncode=completed.returncode,
            stdout=completed.stdout.decode("utf-8", "replace"),
            stderr=completed.stderr.decode("utf-8", "replace"),
        )
