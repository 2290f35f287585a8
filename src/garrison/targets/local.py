"""The machine Garrison runs on: files under `/`, live `/proc`, and an allow-list of read-only commands.

Only programs in `READ_ONLY_PROGRAMS` may be run, with a timeout and no standard input, so an audit cannot
change the host even through a fact that asks for the wrong command. Programs are looked up only in the fixed
system directories of `SYSTEM_PATH`, never through the caller's `PATH` (`PATH=/tmp/evil:$PATH garrison audit`
run as root must not run `/tmp/evil/sshd`), and a program file that someone other than root (or the auditing
user) could replace is refused.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence

from garrison.targets.base import CommandResult
from garrison.targets.rootdir import RootDirTarget

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

#: Where allow-listed programs are looked up, in order (the caller's PATH is ignored on purpose).
SYSTEM_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")


def find_program(program: str, directories: Sequence[str] = SYSTEM_PATH) -> str | None:
    """The first executable `program` in `directories` that only root or the current user can replace.

    The file and its directory (symlinks resolved) must be owned by root or the current user and not be
    group- or world-writable; anything else could be swapped by another user, so it is not run.
    """
    for directory in directories:
        candidate = os.path.join(directory, program)
        if not (os.path.isfile(candidate) and os.access(candidate, os.X_OK)):
            continue
        real = os.path.realpath(candidate)
        if all(_trusted(path) for path in (real, os.path.dirname(real))):
            return real
    return None


def _trusted(path: str) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_uid in (0, os.geteuid()) and not st.st_mode & 0o022


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
        executable = find_program(program)
        if executable is None:
            return None
        try:
            completed = subprocess.run(
                [program, *argv[1:]],  # argv[0] keeps the name: multi-call programs dispatch on it
                executable=executable,  # (iptables-save -> /etc/alternatives -> xtables-nft-multi)
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
                check=False,
                env={"PATH": ":".join(SYSTEM_PATH), "LC_ALL": "C"},
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return CommandResult(
            argv=tuple(argv),
            returncode=completed.returncode,
            stdout=completed.stdout.decode("utf-8", "surrogateescape"),
            stderr=completed.stderr.decode("utf-8", "surrogateescape"),
        )
