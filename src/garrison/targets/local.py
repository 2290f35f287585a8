"""The machine Garrison runs on: files under `/`, live `/proc`, and an allow-list of read-only commands.

Only programs in `READ_ONLY_PROGRAMS` may be run, with a timeout and no standard input, so an audit cannot
change the host even through a fact that asks for the wrong command. Programs are looked up only in the fixed
system directories of `SYSTEM_PATH`, never through the caller's `PATH` (`PATH=/tmp/evil:$PATH garrison audit`
run as root must not run `/tmp/evil/sshd`), and a program file that someone other than root (or the auditing
user) could replace is refused.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Sequence

from garrison.targets.base import Capability, CommandResult, CommandStatus, not_run
from garrison.targets.identity import TargetIdentity, TargetKind, read_identity
from garrison.targets.rootdir import RootDirTarget

#: Programs facts may run on a live host. Each is run only in a mode that prints state and changes nothing.
READ_ONLY_PROGRAMS = frozenset(
    {
        "sshd",  # sshd -T: the effective configuration; sshd -V: its version
        "nginx",  # nginx -v: its version
        "iptables-save",
        "ip6tables-save",
        "nft",  # nft -j list ruleset
        "systemctl",  # systemctl list-unit-files, systemctl --version
        "apt-mark",  # apt-mark showhold
        "dpkg-query",
        "ss",  # ss -tulpn: listening sockets
        "psql",  # a SELECT on pg_roles
    }
)

#: Where allow-listed programs are looked up, in order (the caller's PATH is ignored on purpose).
SYSTEM_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")


def find_program(program: str, directories: Sequence[str] | None = None) -> str | None:
    """The first executable `program` in `directories` that only root or the current user can replace.

    The file and its directory (symlinks resolved) must be owned by root or the current user and not be
    group- or world-writable; anything else could be swapped by another user, so it is not run.
    """
    for directory in SYSTEM_PATH if directories is None else directories:
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
    def capabilities(self) -> frozenset[Capability]:
        granted = {Capability.RUNNING_SYSTEM, Capability.COMMANDS}
        return frozenset(granted | {Capability.PRIVILEGED} if os.geteuid() == 0 else granted)

    def identity(self) -> TargetIdentity:
        return read_identity(self, TargetKind.LOCAL, hostname=socket.gethostname() or None)

    def run(self, argv: Sequence[str], *, timeout: float = 10.0) -> CommandResult:
        program = argv[0]
        if program not in READ_ONLY_PROGRAMS:
            return not_run(argv, CommandStatus.NOT_ALLOWED, f"{program} is not an allowed read-only program")
        executable = find_program(program)
        if executable is None:
            return not_run(
                argv, CommandStatus.NOT_FOUND, f"{program} is not installed in {':'.join(SYSTEM_PATH)}"
            )
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
        except subprocess.TimeoutExpired:
            return not_run(argv, CommandStatus.TIMED_OUT, f"timed out after {timeout:g} s")
        except OSError as exc:
            return not_run(argv, CommandStatus.FAILED, f"could not start: {exc.strerror or exc}")
        return CommandResult(
            argv=tuple(argv),
            returncode=completed.returncode,
            stdout=completed.stdout.decode("utf-8", "surrogateescape"),
            stderr=completed.stderr.decode("utf-8", "surrogateescape"),
        )
