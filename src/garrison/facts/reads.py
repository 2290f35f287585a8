"""What a gatherer reads, declared beside it, so a remote target can fetch a subject's files in one batch.

A declaration (`Reads`) has a *static* part, known before anything is read:
- `files`: exact paths (read, stat, lstat, resolve);
- `globs`: shell patterns, `*` never crossing a `/` (the `glob()` call itself and every path it matches);
- `trees`: `(top, depth)`: the top and everything down to `depth` levels below it, as `find top -maxdepth
  depth` lists it (1 = its entries). `Target.walk(top, max_depth=d)` yields `d + 1` levels: it needs
  depth `d + 1`; `list_dir` of a directory needs one level below it;
- `commands`: the argv of every read-only program it may run, exactly;
- `needs`: the fact types a `NeedsFacts` gatherer asks the store for (their own reads are theirs).

and *follow-ups* (`Follow`): what the static part cannot know, because a config it read names it (an
`include`, a `HostKey`, a `data_directory`) or a fact it builds on does (the TLS files services
reference). A follow-up says which words name such a path, how a relative name resolves and how much below
it is read, so a follow-up read can be traced back to the text or fact that named it.

A snapshot target (SSH) fetches the static part of every selected fact in one batch (`find -printf` over
the globs and trees, one tar stream of what they list), serves the gatherers from that snapshot, and
fetches what they asked for beyond it - which the declarations say can only be follow-ups - in one more
batch (or prefetches it with `Follow.names_in` over the fetched configs), then runs them again, until
nothing new is asked (every pack bounds its include depth). `tests/readskit.py` records every call of every
gatherer over the fixture roots and case folders and checks it against these declarations.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar, cast

from garrison.options import AuditOptions

_MAGIC = frozenset("*?[")
#: Where a relative name resolves when a follow-up gives no base: the directory of the file naming it.
HERE = "."
_SEPARATORS = re.compile(r"""[\s,;=()\[\]{}<>"']+""")


class Access(StrEnum):
    """What a gatherer asks of a path (the `Target` methods, grouped by what a snapshot must hold)."""

    READ = "read"  # read_text, read_bytes: the content
    STAT = "stat"  # stat, lstat, resolve: the metadata (and link targets)
    LIST = "list"  # list_dir: the entries' names
    GLOB = "glob"  # glob(pattern): the paths matching
    WALK = "walk"  # walk(top, max_depth): the entries below, `depth` = max_depth


class FollowKind(StrEnum):
    INCLUDE = "include"  # an include directive names more config (nginx `include`, sshd `Include`, ...)
    REFERENCE = "reference"  # a setting names a file the gatherer looks at (`HostKey`, `hba_file`, ...)
    FACT = "fact"  # a fact the gatherer builds on names it (the TLS files services reference)
    LINK = "link"  # a symlink it resolved points there (a sysctl.d entry linked to a file elsewhere)


def _levels_below(top: str, path: str) -> int | None:
    """How many levels `path` is below `top` (0: the top itself), None when it is not under it."""
    top = top.rstrip("/") or "/"
    if path == top:
        return 0
    prefix = top if top == "/" else top + "/"
    if not path.startswith(prefix):
        return None
    return len([part for part in path[len(prefix) :].split("/") if part])


def glob_matches(pattern: str, path: str) -> bool:
    """`path` matches the shell glob `pattern` part by part (`*`, `?` and `[...]` never cross a `/`)."""
    parts, names = pattern.split("/"), path.split("/")
    return len(parts) == len(names) and all(
        fnmatch.fnmatchcase(n, p) for p, n in zip(parts, names, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Reads:
    """The static reads of a gatherer (see the module docstring) and the follow-ups it may make."""

    files: tuple[str, ...] = ()
    globs: tuple[str, ...] = ()
    trees: tuple[tuple[str, int], ...] = ()
    commands: tuple[tuple[str, ...], ...] = ()
    needs: tuple[type, ...] = ()
    follows: tuple[Follow, ...] = ()

    def __or__(self, other: Reads) -> Reads:
        return Reads(
            _merged(self.files, other.files),
            _merged(self.globs, other.globs),
            _merged(self.trees, other.trees),
            _merged(self.commands, other.commands),
            _merged(self.needs, other.needs),
            _merged(self.follows, other.follows),
        )

    @property
    def static(self) -> Reads:
        """The part a snapshot can fetch before any gatherer runs: no needs, no follow-ups."""
        return Reads(self.files, self.globs, self.trees, self.commands)

    def allows(self, access: Access, path: str, depth: int = 0) -> bool:
        """The static part covers this call (`depth`: a walk's `max_depth`)."""
        path = posixpath.normpath(path) if path.startswith("/") else path
        if access is Access.GLOB and not _MAGIC & set(path):
            access = Access.STAT  # a pattern without magic is a path (sshd globs every Include)
        if access in (Access.READ, Access.STAT) and path in self.files:
            return True
        if access is Access.GLOB and path in self.globs:
            return True
        if access in (Access.READ, Access.STAT) and any(glob_matches(g, path) for g in self.globs):
            return True
        return any(_tree_allows(top, levels, access, path, depth) for top, levels in self.trees)

    def allows_command(self, argv: Sequence[str]) -> bool:
        return tuple(argv) in self.commands


def _tree_allows(top: str, levels: int, access: Access, path: str, depth: int) -> bool:
    below = _levels_below(top, path)  # a glob pattern inside the tree: its matches are too
    if below is None:
        return False
    needed = {Access.READ: 0, Access.STAT: 0, Access.GLOB: 0, Access.LIST: 1, Access.WALK: depth + 1}[access]
    return below + needed <= levels


_T = TypeVar("_T")


def _merged(first: tuple[_T, ...], second: tuple[_T, ...]) -> tuple[_T, ...]:
    return tuple(dict.fromkeys((*first, *second)))


@dataclass(frozen=True, slots=True)
class Follow:
    """A kind of read the static part cannot know: a path that a config or a fact names.

    `directives`: the words that name it in a file the gatherer read (case-insensitive; the name is a word
    after the directive on its line, or on the more indented lines below it, as YAML lists go);
    `bases`: where a relative name resolves (`HERE`, the default: the naming file's directory); `depth`: a
    named directory is read that many levels below (an `include_dir`: 1); `suffixes`: files read beside a
    named one (a host key's `.pub`); `named_by`: for `FACT`, the paths a needed fact names. A `LINK`
    follow-up needs nothing more: the paths are what the gatherer's `resolve` calls returned.
    """

    kind: FollowKind
    directives: tuple[str, ...] = ()
    bases: tuple[str, ...] = (HERE,)
    depth: int = 0
    suffixes: tuple[str, ...] = ()
    named_by: Callable[[object], Iterable[str]] | None = None

    def names_in(self, text: str, path: str) -> tuple[str, ...]:
        """Every path `text` (the content of the file at `path`) may name through the directives, resolved
        against each base. A superset: any word after a directive counts. Pure."""
        if not self.directives:
            return ()
        found: dict[str, None] = {}
        words = "|".join(re.escape(d) for d in self.directives)
        pattern = re.compile(rf"(?<![\w.-])(?:{words})(?![\w-])", re.IGNORECASE)
        lines = text.splitlines()
        for number, line in enumerate(lines):
            match = pattern.search(line)
            if match is None:
                continue
            for token in _statement_words(lines, number, match.end()):
                for name in self._resolved(token, path):
                    found.setdefault(name)
        return tuple(found)

    def _resolved(self, token: str, path: str) -> tuple[str, ...]:
        token = token.rstrip(":")
        if not token or token.startswith(("-", "~", "$", "%")) or token.lower() in self._lowered():
            return ()
        if token.startswith("/"):
            return (posixpath.normpath(token),)
        here = posixpath.dirname(path) or "/"
        return tuple(
            posixpath.normpath(posixpath.join(here if base == HERE else base, token)) for base in self.bases
        )

    def _lowered(self) -> frozenset[str]:
        return frozenset(d.lower() for d in self.directives)

    def reads_of(self, names: Iterable[str]) -> Reads:
        """What reading the named paths takes: each (a file, a glob, a directory down to `depth`), the files
        beside it, and the directory a glob lists."""
        files: list[str] = []
        globs: list[str] = []
        trees: list[tuple[str, int]] = []
        for name in names:
            files += [name, *(name + s for s in self.suffixes)]
            if _MAGIC & set(name):
                globs += [name, *(name + s for s in self.suffixes)]
                files.append(posixpath.dirname(name))
            if self.depth:
                trees.append((name, self.depth))
        return Reads(tuple(dict.fromkeys(files)), tuple(dict.fromkeys(globs)), tuple(dict.fromkeys(trees)))


def _statement_words(lines: Sequence[str], number: int, start: int) -> list[str]:
    """The words after a directive: the rest of its line, and the lines below it indented deeper (or, as a
    YAML list may be, as deep and starting with `-`)."""
    line = lines[number]
    indent = len(line) - len(line.lstrip())
    words = _SEPARATORS.split(line[start:])
    for below in lines[number + 1 :]:
        depth = len(below) - len(below.lstrip())
        if below.strip() and (depth < indent or (depth == indent and not below.lstrip().startswith("-"))):
            break
        words += _SEPARATORS.split(below)
    return [w for w in words if w]


#: A declaration, or a function of the audit's options that gives one (`--path` directories).
Declaration = Reads | Callable[[AuditOptions], Reads]
_ATTRIBUTE = "__garrison_reads__"
_F = TypeVar("_F", bound=Callable[..., object])


def declares(declaration: Declaration) -> Callable[[_F], _F]:
    """Mark a gatherer with what it reads: `@declares(Reads(files=(CONFIG,), ...))` above `gather_x`."""

    def mark(gather: _F) -> _F:
        setattr(gather, _ATTRIBUTE, declaration)
        return gather

    return mark


def declared(gatherer: object, options: AuditOptions | None = None) -> Reads | None:
    """The declaration of a gatherer as a pack's `gatherers()` returns it (through `NeedsFacts` and
    `functools.partial`), None when it declares nothing."""
    inner: object = gatherer
    for _ in range(4):  # NeedsFacts(partial(gather)) at most
        found = cast("Declaration | None", getattr(inner, _ATTRIBUTE, None))
        if isinstance(found, Reads):
            return found
        if found is not None:
            return found(options or AuditOptions())
        inner = getattr(inner, "gather", None) or getattr(inner, "func", None)
        if inner is None:
            return None
    return None
