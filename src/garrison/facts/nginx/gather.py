"""Read nginx's configuration through the target and splice in every `include`, the way nginx does.

nginx semantics: an `include` pattern is relative to the conf prefix (the main file's directory); a pattern
with glob characters may match nothing, a plain path must exist; the included directives take the place of
the `include` in the context where it appears. Every file is read with `Target.read_text`, so `--root`
confinement holds and nothing is ever written. A syntax error in any file, a missing explicit include or an
include loop make the whole configuration unusable (nginx would refuse to start): a `FactError` at file:line.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from garrison.errors import TargetFileError
from garrison.facts.gcpause import paused_gc
from garrison.facts.nginx.defaults import CONF_PATH
from garrison.facts.nginx.model import NginxFacts
from garrison.facts.nginx.parse import FATAL, Directive, parse_nginx
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import FactError, SubjectAbsent
from garrison.model import Location, ParseIssue
from garrison.targets.base import Target

_MAX_DEPTH = 16
_MAX_FILES = 2000
_GLOB = frozenset("*?[")


READS = Reads(
    files=(CONF_PATH,),
    trees=((posixpath.dirname(CONF_PATH), 3),),  # conf.d/, sites-enabled/, snippets/, modules-enabled/
    follows=(Follow(FollowKind.INCLUDE, ("include",), bases=(posixpath.dirname(CONF_PATH),)),),
)


@declares(READS)
def gather_nginx(target: Target) -> NginxFacts:
    return load_nginx_at(target, CONF_PATH)


def load_nginx_at(target: Target, conf_path: str) -> NginxFacts:
    if target.stat(conf_path) is None:
        raise SubjectAbsent(f"{conf_path} not found: nginx is not configured here")
    prefix = conf_path.rsplit("/", 1)[0] or "/"
    loader = _Loader(target, prefix)
    with paused_gc():  # a large config is a million small objects: build the levels every rule walks too
        main = loader.load(conf_path, (), (), None)
        facts = NginxFacts(conf_path, prefix, main, tuple(loader.files), tuple(loader.issues))
        facts.tls_servers()
        facts.levels_setting("")  # the levels, and which of them set what: every rule asks
    return facts


class _Loader:
    def __init__(self, target: Target, prefix: str) -> None:
        self.target = target
        self.prefix = prefix
        self.files: list[str] = []
        self.issues: list[ParseIssue] = []

    def load(
        self, path: str, ctx: tuple[str, ...], stack: tuple[str, ...], where: Location | None
    ) -> tuple[Directive, ...]:
        if path in stack:
            raise FactError(f"include loop: {path} is included again while it is being read", where)
        if len(stack) >= _MAX_DEPTH or len(self.files) >= _MAX_FILES:
            raise FactError("includes nested too deeply", where)
        try:
            text = self.target.read_text(path)
        except TargetFileError as exc:
            if where is None:
                raise FactError(exc.message, Location(path)) from None
            raise FactError(f"included file {exc.path}: {exc.message}", where) from None
        if path not in self.files:
            self.files.append(path)
        parsed, issues = parse_nginx(text, path, ctx)
        for issue in issues:
            if issue.message.startswith(FATAL):
                raise FactError(issue.message, issue.location)
        self.issues.extend(issues)
        if "include" not in text:
            return parsed  # no `include` directive can be in it: nothing to splice
        return self._splice(parsed, ctx, (*stack, path))

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
            raise FactError(f'open() "{pattern}" failed (No such file or directory)', item.location)
        return (pattern,)


def _enter(name: str, ctx: tuple[str, ...]) -> tuple[str, ...]:
    if ctx and ctx[0] == "http" and name == "location":
        return ("http", "location")
    return (*ctx, name)
