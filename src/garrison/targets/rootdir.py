"""A target made of a directory tree: a mounted image, a chroot, a test fixture.

Every path is resolved component by component *inside* the root, the way a chroot would see it: an absolute
symlink points back into the root, `..` stops at the root, and more than 40 links in one lookup is a loop
(Linux's ELOOP limit). Nothing here ever opens a file for writing.
"""

from __future__ import annotations

import errno
import fnmatch
import operator
import os
import stat as statmod
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

from garrison.errors import (
    FileMissing,
    FileTooLarge,
    FileUnreadable,
    SymlinkProblem,
    TargetError,
)
from garrison.targets.base import (
    MAX_READ_BYTES,
    Capability,
    CommandResult,
    CommandStatus,
    FileKind,
    FileStat,
    not_run,
    read_lines_text,
)
from garrison.targets.identity import TargetIdentity, TargetKind, read_identity

_MAX_SYMLINK_HOPS = 40
_GLOB_MAGIC = frozenset("*?[")
#: lstat/listdir errors that mean "not there" (an absent path, a file used as a directory, a link loop); any
#: other error (permission denied, I/O error) means "there but cannot be read" and is never dropped silently.
_ABSENT = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.ENAMETOOLONG})


def _unreadable(path: str, exc: OSError, doing: str) -> FileUnreadable:
    return FileUnreadable(path, f"cannot {doing}: {exc.strerror or exc}")


_KINDS = {statmod.S_IFREG: FileKind.FILE, statmod.S_IFDIR: FileKind.DIR, statmod.S_IFLNK: FileKind.SYMLINK}


def _kind(mode: int) -> FileKind:
    return _KINDS.get(statmod.S_IFMT(mode), FileKind.OTHER)


def _to_stat(path: str, st: os.stat_result) -> FileStat:
    # positional, and _kind inlined: this runs for every entry of a file-system scan
    mode = st.st_mode
    kind = _KINDS.get(mode & 0o170000, FileKind.OTHER)
    return FileStat(path, kind, mode & 0o7777, st.st_uid, st.st_gid, st.st_size, st.st_mtime)


_CHUNK = 64 * 1024
_BY_NAME = operator.attrgetter("name")


def _read_bounded(handle: BinaryIO, most: int) -> bytes:
    """Read up to `most` bytes in chunks: /proc files refuse (ENOMEM) one huge read, and reporting a size
    of 0 they cannot be sized in advance."""
    chunks: list[bytes] = []
    remaining = most
    while remaining > 0:
        chunk = handle.read(min(_CHUNK, remaining))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class RootDirTarget:
    """Reads files below `root` as if `root` were `/`. Offline: `run` always answers None."""

    def __init__(self, root: str, *, name: str | None = None) -> None:
        absolute = os.path.abspath(root)
        if not os.path.exists(absolute):
            raise TargetError(f"root directory {root!r} does not exist")
        if not os.path.isdir(absolute):
            raise TargetError(f"root {root!r} is not a directory")
        if not os.access(absolute, os.R_OK | os.X_OK):
            raise TargetError(f"root directory {root!r} is not readable")
        self._root = absolute.rstrip("/")
        self._name = name or f"root:{absolute}"

    @property
    def name(self) -> str:
        return self._name

    @property
    def live(self) -> bool:
        return Capability.RUNNING_SYSTEM in self.capabilities

    @property
    def capabilities(self) -> frozenset[Capability]:
        """An offline tree: files only, read with root's rights when Garrison runs as root."""
        return frozenset({Capability.PRIVILEGED}) if os.geteuid() == 0 else frozenset()

    def identity(self) -> TargetIdentity:
        return read_identity(self, TargetKind.ROOT, root=self.root)

    @property
    def root(self) -> str:
        return self._root or "/"

    # -- path resolution -------------------------------------------------------------------------
    def _host(self, inner: str) -> str:
        return self._root + inner if inner != "/" else (self._root or "/")

    def resolve(self, path: str, *, follow_final: bool = True) -> str:
        """The target path with every symlink resolved inside the root; raises `SymlinkProblem`."""
        if not path.startswith("/"):
            raise ValueError(f"target paths are absolute, got {path!r}")
        resolved: list[str] = []
        queue = deque(part for part in path.split("/") if part)
        hops = 0
        while queue:
            part = queue.popleft()
            if part == ".":
                continue
            if part == "..":
                if resolved:
                    resolved.pop()
                continue
            if not queue and not follow_final:
                resolved.append(part)
                break
            candidate = self._host("/" + "/".join([*resolved, part]))
            try:
                st = os.lstat(candidate)
            except OSError:
                resolved.append(part)
                resolved.extend(p for p in queue if p not in (".", ""))
                break
            if not statmod.S_ISLNK(st.st_mode):
                resolved.append(part)
                continue
            hops += 1
            if hops > _MAX_SYMLINK_HOPS:
                raise SymlinkProblem(path, "too many levels of symbolic links (a symlink loop)")
            try:
                link = os.readlink(candidate)
            except OSError as exc:
                raise FileUnreadable(path, f"cannot read symlink: {exc.strerror}") from None
            if link.startswith("/"):
                resolved = []
            queue.extendleft(reversed([p for p in link.split("/") if p]))
        return "/" + "/".join(resolved)

    # -- reading -------------------------------------------------------------------------------
    def read_bytes(self, path: str, *, limit: int = MAX_READ_BYTES) -> bytes:
        host = self._host(self.resolve(path))
        try:
            st = os.stat(host)
        except FileNotFoundError:
            raise FileMissing(path, "no such file") from None
        except OSError as exc:
            raise FileUnreadable(path, exc.strerror or str(exc)) from None
        if statmod.S_ISDIR(st.st_mode):
            raise FileUnreadable(path, "is a directory, not a file")
        if not statmod.S_ISREG(st.st_mode):
            raise FileUnreadable(path, "not a regular file")
        if st.st_size > limit:
            raise FileTooLarge(path, f"file is {st.st_size} bytes, over the {limit} byte read limit")
        try:
            with open(host, "rb") as handle:
                data = _read_bounded(handle, limit + 1)
        except PermissionError:
            raise FileUnreadable(path, "permission denied") from None
        except OSError as exc:
            raise FileUnreadable(path, exc.strerror or str(exc)) from None
        if len(data) > limit:
            raise FileTooLarge(path, f"file is over the {limit} byte read limit")
        return data

    def read_text(self, path: str, *, limit: int = MAX_READ_BYTES) -> str:
        return read_lines_text(self.read_bytes(path, limit=limit), path)

    def stat(self, path: str) -> FileStat | None:
        return self._stat(path, follow=True)

    def lstat(self, path: str) -> FileStat | None:
        return self._stat(path, follow=False)

    def _stat(self, path: str, *, follow: bool) -> FileStat | None:
        try:
            inner = self.resolve(path, follow_final=follow)
        except SymlinkProblem:
            return None
        try:
            st = os.lstat(self._host(inner))
        except OSError as exc:
            if exc.errno in _ABSENT:
                return None
            raise _unreadable(path, exc, "look at it") from None
        return _to_stat(path, st)

    def exists(self, path: str) -> bool:
        return self.stat(path) is not None

    def list_dir(self, path: str) -> tuple[str, ...]:
        try:
            host = self._host(self.resolve(path))
        except SymlinkProblem:
            return ()
        try:
            return tuple(sorted(os.listdir(host)))
        except OSError as exc:
            if exc.errno in _ABSENT:
                return ()
            raise _unreadable(path, exc, "list the directory") from None

    def glob(self, pattern: str) -> tuple[str, ...]:
        if not pattern.startswith("/"):
            raise ValueError(f"glob patterns are absolute, got {pattern!r}")
        paths = ["/"]
        for part in (p for p in pattern.split("/") if p):
            following: list[str] = []
            for base in paths:
                prefix = base.rstrip("/") + "/"
                if _GLOB_MAGIC.isdisjoint(part):
                    candidate = prefix + part
                    if self.lstat(candidate) is not None:
                        following.append(candidate)
                    continue
                for entry in self.list_dir(base):
                    if entry.startswith(".") and not part.startswith("."):
                        continue
                    if fnmatch.fnmatchcase(entry, part):
                        following.append(prefix + entry)
            paths = following
            if not paths:
                break
        return tuple(sorted(p for p in paths if p != "/"))

    def walk(
        self, top: str, *, max_depth: int = 32, on_error: Callable[[FileUnreadable], None] | None = None
    ) -> Iterator[FileStat]:
        def failed(path: str, exc: OSError, doing: str) -> None:
            problem = _unreadable(path, exc, doing)
            if on_error is None:
                raise problem
            on_error(problem)

        try:
            inner_top = self.resolve(top)
        except SymlinkProblem:
            return
        host_top = self._host(inner_top)
        try:
            device = os.lstat(host_top).st_dev
        except OSError as exc:
            if exc.errno not in _ABSENT:
                failed(top, exc, "look at it")
            return
        stack: list[tuple[str, str, int]] = [(host_top, top.rstrip("/") or "/", 0)]
        while stack:
            host_dir, target_dir, depth = stack.pop()
            try:
                entries = sorted(os.scandir(host_dir), key=_BY_NAME)
            except OSError as exc:
                if exc.errno not in _ABSENT:
                    failed(target_dir, exc, "list the directory")
                continue
            prefix = target_dir.rstrip("/") + "/"
            for entry in entries:
                target_path = prefix + entry.name
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError as exc:
                    if exc.errno not in _ABSENT:
                        failed(target_path, exc, "look at it")
                    continue
                yield _to_stat(target_path, st)
                if statmod.S_ISDIR(st.st_mode) and depth < max_depth and st.st_dev == device:
                    stack.append((entry.path, target_path, depth + 1))

    def run(self, argv: Sequence[str], *, timeout: float = 10.0) -> CommandResult:
        return not_run(argv, CommandStatus.UNSUPPORTED, "an offline root runs no commands")
