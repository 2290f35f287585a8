"""Read nginx's configuration through the target and splice in every `include`, the way nginx does.

nginx semantics: an `include` pattern is relative to the conf prefix (the main file's directory); a pattern
with glob characters may match nothing, a plain path must exist; the included directives take the place of
the `include` in the context where it appears. Every file is read with `Target.read_text`, so `--root`
confinement holds and nothing is ever written. A syntax error in any file, a missing explicit include or an
include loop is something nginx would refuse to start with: a problem at file:line (a missing file once,
however often it is included), and everything else that could be read is still judged (`NginxFacts.problems`,
`verdict_notes`). Only a main file that cannot be read at all is a `FactError`.

The release judged by is the installed nginx (`InstalledVersions`: dpkg status offline, `nginx -v` live), else
Debian 12's 1.22.1 (`releases.REFERENCE`), and then the facts say so (`version_note`). It decides which
directives nginx knows (`directives.SPANS`, third-party modules by `load_module`) and the compiled defaults.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from types import MappingProxyType

from garrison.errors import TargetFileError
from garrison.facts.gcpause import paused_gc
from garrison.facts.nginx.defaults import CONF_PATH
from garrison.facts.nginx.known import unknown_directives
from garrison.facts.nginx.model import NginxFacts
from garrison.facts.nginx.parse import Directive, parse_nginx_file
from garrison.facts.nginx.presence import absent_message
from garrison.facts.nginx.releases import REFERENCE, NginxRelease, release_for
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import FactError, FactStore, SubjectAbsent
from garrison.facts.versions import InstalledVersions, Program
from garrison.model import Location, ParseIssue
from garrison.targets.base import Target

_MAX_DEPTH = 16
_MAX_FILES = 2000
_GLOB = frozenset("*?[")
#: a line that is a commented-out directive: `#`, a directive name, its arguments and `;` (prose has no `;`
#: at the end)
_COMMENTED = re.compile(
    r"^[ \t]*#+[ \t]*([a-z][a-z0-9_]*)(?:[ \t]+[^\n#;{}]*)?;[ \t]*(?:#[^\n]*)?$", re.MULTILINE
)


READS = Reads(
    files=(CONF_PATH,),
    trees=((posixpath.dirname(CONF_PATH), 3),),  # conf.d/, sites-enabled/, snippets/, modules-enabled/
    follows=(Follow(FollowKind.INCLUDE, ("include",), bases=(posixpath.dirname(CONF_PATH),)),),
    needs=(InstalledVersions,),
)

UNKNOWN_VERSION = "the installed nginx version is unknown: judged by nginx 1.22.1's defaults (Debian 12)"


@declares(READS)
def gather_nginx(target: Target, store: FactStore) -> NginxFacts:
    found = store.peek(InstalledVersions)
    installed = found.get(Program.NGINX) if found is not None else None
    if installed is None:
        return load_nginx_at(target, CONF_PATH, REFERENCE, UNKNOWN_VERSION)
    return load_nginx_at(target, CONF_PATH, release_for(installed.numbers))


def load_nginx_at(
    target: Target, conf_path: str, release: NginxRelease = REFERENCE, version_note: str | None = None
) -> NginxFacts:
    if target.stat(conf_path) is None:
        raise SubjectAbsent(absent_message(conf_path))
    prefix = conf_path.rsplit("/", 1)[0] or "/"
    loader = _Loader(target, prefix)
    with paused_gc():  # a large config is a million small objects: build the levels every rule walks too
        main = loader.load(conf_path, (), (), None)
        unknown = unknown_directives(main, loader.unlisted, release)
        problems = [*loader.problems, *(ParseIssue(u.location, u.reason) for u in unknown)]
        problems.sort(key=_order(loader.files))
        facts = NginxFacts(
            conf_path,
            prefix,
            main,
            tuple(loader.files),
            tuple(loader.issues),
            release,
            version_note,
            tuple(problems),
            unknown,
            MappingProxyType({name: tuple(found) for name, found in loader.commented.items()}),
        )
        facts.tls_servers()
        facts.levels_setting("")  # the levels, and which of them set what: every rule asks
    return facts


def _order(files: list[str]) -> Callable[[ParseIssue], tuple[int, int]]:
    rank = {path: n for n, path in enumerate(files)}
    return lambda issue: (rank.get(issue.location.path, len(rank)), issue.location.line or 0)


class _Loader:
    def __init__(self, target: Target, prefix: str) -> None:
        self.target = target
        self.prefix = prefix
        self.files: list[str] = []
        self.issues: list[ParseIssue] = []
        self.problems: list[ParseIssue] = []
        self.unlisted: list[Directive] = []
        self.commented: dict[str, list[Location]] = {}
        self._missing: set[str] = set()

    def problem(self, message: str, where: Location) -> tuple[Directive, ...]:
        self.problems.append(ParseIssue(where, message))
        return ()

    def load(
        self, path: str, ctx: tuple[str, ...], stack: tuple[str, ...], where: Location | None
    ) -> tuple[Directive, ...]:
        if path in stack:
            assert where is not None  # the main file is the first on the stack
            return self.problem(f"include loop: {path} is included again while it is being read", where)
        if len(stack) >= _MAX_DEPTH or len(self.files) >= _MAX_FILES:
            assert where is not None
            return self.problem("includes nested too deeply", where)
        try:
            text = self.target.read_text(path)
        except TargetFileError as exc:
            if where is None:
                raise FactError(exc.message, Location(path)) from None
            return self._unreadable(exc, where)
        if path not in self.files:
            self.files.append(path)
            if "#" in text:
                self._comments(text, path)
        parsed = parse_nginx_file(text, path, ctx)
        for issue in parsed.issues:
            self.problems.append(issue)
        self.issues.extend(parsed.issues)
        self.unlisted.extend(parsed.unlisted)
        if "include" not in text:
            return parsed.directives  # no `include` directive can be in it: nothing to splice
        return self._splice(parsed.directives, ctx, (*stack, path))

    def _comments(self, text: str, path: str) -> None:
        """Each commented-out directive of the file (`# server_tokens off;`, not prose): name -> lines."""
        for found in _COMMENTED.finditer(text):
            line = text.count("\n", 0, found.start()) + 1
            self.commented.setdefault(found.group(1), []).append(Location(path, line))

    def _unreadable(self, exc: TargetFileError, where: Location) -> tuple[Directive, ...]:
        if exc.path in self._missing:
            return ()  # reported once, at its first include
        self._missing.add(exc.path)
        return self.problem(f"included file {exc.path}: {exc.message}", where)

    def _splice(
        self, directives: tuple[Directive, ...], ctx: tuple[str, ...], stack: tuple[str, ...]
    ) -> tuple[Directive, ...]:
        """The directives with every include spliced in, blocks of any depth (an explicit stack)."""
        top: list[Directive] = []
        # each open block: its remaining directives, its context, its output so far, the block itself, and
        # whether anything in it was spliced (if not, the block is kept as it is)
        work: list[tuple[Iterator[Directive], tuple[str, ...], list[Directive], Directive | None, list[bool]]]
        work = [(iter(directives), ctx, top, None, [False])]
        while work:
            items, here, out, head, spliced = work[-1]
            item = next(items, None)
            if item is None:
                work.pop()
                if head is not None:
                    outer = work[-1]
                    if spliced[0]:
                        outer[2].append(Directive(head.name, head.args, head.location, tuple(out)))
                        outer[4][0] = True
                    else:
                        outer[2].append(head)
                continue
            if item.name == "include" and item.block is None and len(item.args) == 1:
                spliced[0] = True
                for path in self._matches(item):
                    out.extend(self.load(path, here, stack, item.location))
            elif item.block is not None:
                work.append((iter(item.block), _enter(item.name, here), [], item, [False]))
            else:
                out.append(item)
        return tuple(top)

    def _matches(self, item: Directive) -> tuple[str, ...]:
        pattern = item.args[0]
        if not pattern.startswith("/"):
            pattern = f"{self.prefix.rstrip('/')}/{pattern}"
        if _GLOB & set(pattern):
            # nginx opens every match of glob(3): a dangling symlink or a directory among them is fatal
            # ("open() failed", "pread() failed"), so each is loaded and fails like any include
            return self.target.glob(pattern)
        if self.target.stat(pattern) is None:
            if pattern not in self._missing:
                self._missing.add(pattern)
                self.problem(f'open() "{pattern}" failed (No such file or directory)', item.location)
            return ()
        return (pattern,)


def _enter(name: str, ctx: tuple[str, ...]) -> tuple[str, ...]:
    if ctx and ctx[0] == "http" and name == "location":
        return ("http", "location")
    return (*ctx, name)
