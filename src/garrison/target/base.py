"""The one interface through which Garrison reads a host.

Facts ask a `Target` for files, metadata, directory listings and the output of read-only commands; they never
touch the local filesystem themselves. Paths are always absolute paths *as seen on the target*. A target
that cannot answer (an offline root cannot run `sshd -T`) says so by returning None from `run`, so facts can
fall back to files or report live state as unknown. An SSH target implements the same protocol.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

#: Default largest file a fact may read. Real configs are far smaller; a bigger file is an error outcome.
MAX_READ_BYTES = 16 * 1024 * 1024


class FileKind(StrEnum):
    FILE = "file"
    DIR = "dir"
    SYMLINK = "symlink"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class FileStat:
    """What `stat` tells about a path (symlinks followed inside the target)."""

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


@dataclass(frozen=True, slots=True)
class CommandResult:
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


class Target(Protocol):
    """A host to audit. Implementations: `RootDirTarget` (offline tree), `LocalTarget` (this machine)."""

    @property
    def name(self) -> str:
        """How reports name the target (`local`, `root:/mnt/image`, `ssh://host`)."""
        ...

    @property
    def live(self) -> bool:
        """True when /proc and commands reflect the running system."""
        ...

    def read_bytes(self, path: str, *, limit: int = MAX_READ_BYTES) -> bytes:
        """The file's bytes; raises a `TargetFileError` subclass when it cannot."""
        ...

    def read_text(self, path: str, *, limit: int = MAX_READ_BYTES) -> str:
        """The file decoded as UTF-8 text; binary content raises `FileNotText`."""
        ...

    def stat(self, path: str) -> FileStat | None:
        """Metadata of the path, None when it does not exist (links followed, confined to the target)."""
        ...

    def lstat(self, path: str) -> FileStat | None:
        """Metadata of the path itself, not following a final symlink."""
        ...

    def resolve(self, path: str, *, follow_final: bool = True) -> str:
        """The path with every symlink resolved on the target (never leaving it); raises `SymlinkProblem`."""
        ...

    def list_dir(self, path: str) -> tuple[str, ...]:
        """Sorted entry names of a directory; () when it does not exist or is not a directory."""
        ...

    def glob(self, pattern: str) -> tuple[str, ...]:
        """Sorted absolute paths matching a shell glob (`*`, `?`, `[...]`; no `**`)."""
        ...

    def walk(self, top: str, *, max_depth: int = 32) -> Iterator[FileStat]:
        """Every entry below `top` (not following symlinks, staying on the tree), depth-bounded."""
        ...

    def run(self, argv: Sequence[str], *, timeout: float = 10.0) -> CommandResult | None:
        """Run a read-only command; None when this target cannot run commands or lacks the program."""
        ...


def read_lines_text(data: bytes, path: str) -> str:
    """Decode file bytes as text, refusing binary content (a NUL byte or invalid UTF-8)."""
    from garrison.errors import FileNotText

    if b"\x00" in data:
        raise FileNotText(path, "binary file (contains NUL bytes), not a text config")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileNotText(path, f"line {line}: not valid UTF-8 text") from None
