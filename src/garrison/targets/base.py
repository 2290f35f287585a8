"""The one interface through which Garrison reads a host.

Facts ask a `Target` for files, metadata, directory listings and the output of read-only commands; they never
touch the local filesystem themselves. Paths are always absolute paths *as seen on the target*. A target
says what it can do through `capabilities` (a running system? commands? root's reading rights?) and who it
is through `identity()` (targets/identity.py). `run` always returns a `CommandResult` whose `status` tells
apart a command that ran from one that is not allowed, not installed, timed out, failed to start, or that
the target cannot run at all, so facts can fall back to files or say exactly why live state is unknown.
An SSH target implements the same protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from garrison.errors import FileUnreadable
    from garrison.targets.identity import TargetIdentity

#: Default largest file a fact may read. Real configs are far smaller; a bigger file is an error outcome.
MAX_READ_BYTES = 16 * 1024 * 1024


class FileKind(StrEnum):
    FILE = "file"
    DIR = "dir"
    SYMLINK = "symlink"
    OTHER = "other"


class FileStat(NamedTuple):
    """What `stat` tells about a path (symlinks followed inside the target).

    A named tuple, like `os.stat_result`, rather than a frozen dataclass: a file-system scan makes one for
    every entry, and a frozen dataclass takes four times as long to build (2.7 against 1.1 us a record here).
    """

    path: str
    kind: FileKind
    mode: int  # permission bits only (0o7777)
    uid: int
    gid: int
    size: int
    mtime: float = 0.0

    @property
    def world_writable(self) -> bool:
        return bool(self.mode & 0o002)


class Capability(StrEnum):
    """What a target can give beyond its files."""

    RUNNING_SYSTEM = "running-system"  # /proc, sockets and commands describe a host that is running now
    COMMANDS = "commands"  # it runs the read-only allow-listed programs
    PRIVILEGED = "privileged"  # it reads with root's rights (a non-root audit cannot read every file)


class CommandStatus(StrEnum):
    RAN = "ran"  # the program ran; `returncode` says how it ended
    NOT_ALLOWED = "not-allowed"  # not in the read-only allow-list (a fact asked for the wrong program)
    NOT_FOUND = "not-found"  # not installed where programs are looked up
    TIMED_OUT = "timed-out"
    FAILED = "failed"  # could not be started (permissions, exec format...)
    UNSUPPORTED = "unsupported"  # this target runs no commands (an offline root)


@dataclass(frozen=True, slots=True)
class CommandResult:
    """What asking for a command gave. Only `RAN` results have meaningful output and return code."""

    argv: tuple[str, ...]
    returncode: int = -1
    stdout: str = ""
    stderr: str = ""
    status: CommandStatus = CommandStatus.RAN
    reason: str = ""  # why it did not run, in words

    @property
    def ran(self) -> bool:
        return self.status is CommandStatus.RAN

    @property
    def ok(self) -> bool:
        """It ran and exited 0."""
        return self.ran and self.returncode == 0

    def describe(self) -> str:
        """`sshd -T: exit 255` / `psql ...: not installed`, for messages (never the output)."""
        what = " ".join(self.argv[:2])
        if self.ran:
            return f"{what}: exit {self.returncode}"
        return f"{what}: {self.reason or self.status.value}"


def not_run(argv: Sequence[str], status: CommandStatus, reason: str) -> CommandResult:
    return CommandResult(tuple(argv), status=status, reason=reason)


class Target(Protocol):
    """A host to audit. Implementations: `RootDirTarget` (offline tree), `LocalTarget` (this machine)."""

    @property
    def name(self) -> str:
        """How reports name the target (`local`, `root:/mnt/image`, `ssh://host`)."""
        ...

    def identity(self) -> TargetIdentity:
        """Who the target is: host name, machine id, OS release, root path (see targets/identity.py)."""
        ...

    @property
    def capabilities(self) -> frozenset[Capability]:
        """What the target can give beyond files (see `Capability`)."""
        ...

    @property
    def live(self) -> bool:
        """`Capability.RUNNING_SYSTEM in capabilities`: /proc and sockets are the running host's."""
        ...

    def read_bytes(self, path: str, *, limit: int = MAX_READ_BYTES) -> bytes:
        """The file's bytes; raises a `TargetFileError` subclass when it cannot."""
        ...

    def read_text(self, path: str, *, limit: int = MAX_READ_BYTES) -> str:
        """The file as text, decoded as the daemons read it (see `read_lines_text`); binary content raises
        `FileNotText`."""
        ...

    def stat(self, path: str) -> FileStat | None:
        """Metadata of the path, None when it does not exist (links followed, confined to the target).

        A path that exists but cannot be looked at (a directory above it is not searchable by the auditing
        user) raises `FileUnreadable`: it is never reported as absent. The same holds for every method."""
        ...

    def lstat(self, path: str) -> FileStat | None:
        """Metadata of the path itself, not following a final symlink."""
        ...

    def resolve(self, path: str, *, follow_final: bool = True) -> str:
        """The path with every symlink resolved on the target (never leaving it); raises `SymlinkProblem`."""
        ...

    def list_dir(self, path: str) -> tuple[str, ...]:
        """Sorted entry names of a directory; () when it does not exist or is not a directory; raises
        `FileUnreadable` when it exists but cannot be listed."""
        ...

    def glob(self, pattern: str) -> tuple[str, ...]:
        """Sorted absolute paths matching a shell glob (`*`, `?`, `[...]`; no `**`). Dangling symlinks match
        (as glob(3) finds them); a directory on the way that cannot be listed raises `FileUnreadable`."""
        ...

    def walk(
        self, top: str, *, max_depth: int = 32, on_error: Callable[[FileUnreadable], None] | None = None
    ) -> Iterator[FileStat]:
        """Every entry below `top` (not following symlinks, staying on the tree), depth-bounded.

        A directory or entry that cannot be read is passed to `on_error` and skipped; without `on_error` it
        raises `FileUnreadable`. Scans keep what they skipped so rules can say what they could not see."""
        ...

    def run(self, argv: Sequence[str], *, timeout: float = 10.0) -> CommandResult:
        """Run a read-only command; the result's `status` says whether it ran and if not, why."""
        ...


def read_lines_text(data: bytes, path: str) -> str:
    """Decode a config file's bytes as the programs that read it do: as bytes.

    sshd, nginx, sysctl, sudo, PostgreSQL, Kamailio and Lua read configs byte by byte; a Latin-1 `é` in a
    comment or a value is no error to them. So the text is UTF-8 with `surrogateescape`: every byte that is
    not UTF-8 becomes a lone surrogate, keeps its value (`.encode("utf-8", "surrogateescape")` gives the
    bytes back), compares unequal to every keyword, and is shown as `\\xNN` by every report. Parsers for
    formats that must be UTF-8 (YAML) refuse such characters themselves. A NUL byte means a binary file,
    which is refused with `FileNotText`.
    """
    from garrison.errors import FileNotText

    if b"\x00" in data:
        raise FileNotText(path, "binary file (contains NUL bytes), not a text config")
    return data.decode("utf-8", "surrogateescape")


def read_if_present(target: Target, path: str, *, limit: int = MAX_READ_BYTES) -> str | None:
    """The file's text, None when it does not exist; any other read problem (unreadable, too large, binary, a
    link escaping the root) is raised, so a gatherer reports it instead of reading it as absent."""
    from garrison.errors import FileMissing

    try:
        return target.read_text(path, limit=limit)
    except FileMissing:
        return None
