"""Gathering sshd facts from a target: read /etc/ssh/sshd_config and its Includes as the installed OpenSSH
release reads them (`InstalledVersions`; the reference, Debian 12's 9.2, when unknown), compute the effective
settings with that release's defaults, and on a live host take the global values from `sshd -T`. Host keys
and file modes via stat.

Raises SubjectAbsent when neither the config nor the sshd binary exists, FactError when the config is
missing or unreadable. Anything sshd would refuse to start with (bad keyword or value, include loop at
depth 16, an unreadable included file) is kept in `SshdFacts.problems` at its file:line and every line
that can be read is still judged; an Include naming a file that does not exist is a `MissingInclude`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from garrison.data.ssh_releases import REFERENCE, SshRelease, release_for
from garrison.errors import TargetFileError
from garrison.facts.gcpause import paused_gc
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.sshd.dump import error_location, parse_sshd_t
from garrison.facts.sshd.effective import global_settings
from garrison.facts.sshd.hostkeys import describe_public_key, kind_from_private_header
from garrison.facts.sshd.keywords import TABLE, ValueKind
from garrison.facts.sshd.model import (
    ConfigFile,
    Directive,
    FileInfo,
    HostKey,
    MissingInclude,
    Setting,
    SettingSource,
    SshdFacts,
    UnknownKeyword,
)
from garrison.facts.sshd.moduli import ModuliFile, parse_moduli
from garrison.facts.sshd.parse import parse_sshd_config
from garrison.facts.store import FactError, FactStore, SubjectAbsent
from garrison.facts.versions import InstalledVersions, Program
from garrison.model import Location, ParseIssue
from garrison.targets.base import FileKind, Target

CONFIG = "/etc/ssh/sshd_config"
SSH_DIR = "/etc/ssh"
MAX_INCLUDE_DEPTH = 16
SSHD_BINARIES = ("/usr/sbin/sshd", "/usr/bin/sshd", "/usr/local/sbin/sshd")
_WILDCARD = re.compile(r"[*?\[]")
_IGNORED = frozenset(kw.name for kw in TABLE if kw.kind is ValueKind.IGNORE)


@dataclass(slots=True)
class _Loader:
    """Reads the main file and, recursively, the files its Include lines name (sorted glob results), as
    `release` parses them; collects what sshd would refuse, unknown keywords and missing includes."""

    target: Target
    release: SshRelease
    seen: list[str] = field(default_factory=list)
    problems: list[ParseIssue] = field(default_factory=list)
    unknown: list[UnknownKeyword] = field(default_factory=list)
    missing: dict[str, MissingInclude] = field(default_factory=dict)
    refused: dict[str, ParseIssue] = field(default_factory=dict)
    ignored: list[Directive] = field(default_factory=list)

    def load(self, path: str, depth: int = 0) -> ConfigFile:
        self.seen.append(path)
        parsed, issues = parse_sshd_config(self.target.read_text(path), path, self.release)
        self.problems.extend(issues)
        self.unknown.extend(parsed.unknown)
        for keyword, issue in parsed.refused:
            self.refused.setdefault(keyword, issue)
        self.ignored.extend(d for d in parsed.directives if d.keyword in _IGNORED)
        directives = [self._included(d, depth) if d.keyword == "include" else d for d in parsed.directives]
        return replace(parsed, directives=tuple(directives))

    def _included(self, directive: Directive, depth: int) -> Directive:
        if depth >= MAX_INCLUDE_DEPTH:
            message = "Too many recursive configuration includes (an Include loop?)"
            self.problems.append(ParseIssue(directive.location, message))
            return directive
        files = []
        for pattern in directive.values:
            absolute = pattern if pattern.startswith(("/", "~")) else f"{SSH_DIR}/{pattern}"
            if absolute.startswith("~"):
                continue
            found = self.target.glob(absolute)
            if not found and not _WILDCARD.search(absolute):
                self.missing.setdefault(absolute, MissingInclude(directive.location, absolute))
            for path in found:
                try:
                    files.append(self.load(path, depth + 1))
                except TargetFileError as exc:
                    self.problems.append(ParseIssue(directive.location, f"{path}: {exc.message}"))
        return replace(directive, files=tuple(files))


def load_config_tree(
    target: Target, path: str, release: SshRelease = REFERENCE
) -> tuple[ConfigFile, tuple[ParseIssue, ...]]:
    """The main file with its Includes resolved, and every problem sshd would refuse the files for."""
    loader = _Loader(target, release)
    return loader.load(path), tuple(loader.problems)


def _file_info(target: Target, paths: list[str]) -> tuple[FileInfo, ...]:
    out = []
    for path in dict.fromkeys(paths):
        st = target.stat(path)
        if st is not None:
            out.append(FileInfo(path, st.mode, st.uid, st.gid))
    return tuple(out)


def _absolute(path: str) -> str:
    """sshd resolves relative paths against its working directory, `/` when started as a service."""
    return path if path.startswith("/") else "/" + path


def _host_key(target: Target, path: str, location: Location | None) -> HostKey:
    path = _absolute(path)
    st = target.stat(path)
    if st is None or st.kind != FileKind.FILE:
        return HostKey(path, location, exists=False)
    kind: str | None = None
    bits: int | None = None
    problem: str | None = None
    try:
        kind, bits, problem = describe_public_key(target.read_text(path + ".pub", limit=64 * 1024))
    except TargetFileError:
        try:
            head = target.read_bytes(path, limit=64 * 1024)[:64].decode("ascii", "replace")
            kind = kind_from_private_header(head)
            problem = None if kind else "no public key file beside it to tell its type and size"
        except TargetFileError as exc:
            problem = exc.message
    return HostKey(path, location, True, st.mode, st.uid, kind, bits, problem, st.gid)


def _live_values(target: Target, settings: dict[str, Setting], problems: list[ParseIssue]) -> None:
    result = target.run(["sshd", "-T"])
    if not result.ran:
        return
    if result.returncode != 0:
        message, where = error_location(result.stderr or result.stdout, CONFIG)
        if where.line is not None and not problems:  # else not a config problem, or one the files show
            problems.append(ParseIssue(where, f"sshd -T refuses the config: {message}"))
        return  # the files decide
    for key, values in parse_sshd_t(result.stdout).items():
        known = settings.get(key)
        if known is not None and known.values == values:
            continue
        location = known.location if known is not None else None
        settings[key] = Setting(key, values, location, SettingSource.LIVE)


def _moduli(target: Target, path: str) -> ModuliFile | None:
    path = _absolute(path)
    if target.stat(path) is None:
        return None
    moduli, _ = parse_moduli(target.read_text(path), path)
    return moduli


READS = Reads(
    files=(CONFIG, *SSHD_BINARIES, f"{SSH_DIR}/moduli"),
    globs=(f"{SSH_DIR}/sshd_config.d/*.conf", f"{SSH_DIR}/ssh_host_*_key", f"{SSH_DIR}/ssh_host_*_key.pub"),
    commands=(("sshd", "-T"),),
    needs=(InstalledVersions,),
    follows=(
        Follow(FollowKind.INCLUDE, ("Include",), bases=(SSH_DIR,)),
        Follow(FollowKind.REFERENCE, ("HostKey", "ModuliFile"), bases=("/",), suffixes=(".pub",)),
    ),
)


def judged_release(store: FactStore | None) -> tuple[SshRelease, str | None]:
    """The release to judge by: the installed OpenSSH's (dpkg status, `sshd -V`), else the reference."""
    versions = store.peek(InstalledVersions) if store is not None else None
    installed = versions.get(Program.OPENSSH) if versions is not None else None
    return release_for(installed.numbers if installed is not None else None)


@declares(READS)
def gather_sshd(target: Target, store: FactStore | None = None) -> SshdFacts:
    """The sshd facts, judged as the installed release (the reference without a store or a version)."""
    if target.lstat(CONFIG) is None:
        if not any(target.stat(b) is not None for b in SSHD_BINARIES):
            raise SubjectAbsent("no OpenSSH server here (no /etc/ssh/sshd_config, no sshd binary)")
        raise FactError("sshd is installed but its config file is missing", Location(CONFIG))
    release, note = judged_release(store)
    loader = _Loader(target, release)
    with paused_gc():  # thousands of Match blocks are many small acyclic objects
        tree = loader.load(CONFIG)
        settings, blocks, issues = global_settings(tree, release)
    problems = [*loader.problems, *issues]
    for keyword, issue in _refused_in_blocks(tree, issues):
        loader.refused.setdefault(keyword, issue)
    if target.live:
        _live_values(target, settings, problems)
    hostkey = settings["hostkey"]
    keys = tuple(_host_key(target, path, hostkey.location) for path in hostkey.values)
    return SshdFacts(
        config_path=CONFIG,
        settings=MappingProxyType(settings),
        match_blocks=blocks,
        tree=tree,
        files=_file_info(target, loader.seen),
        host_keys=keys,
        live=target.live,
        moduli=_moduli(target, settings["modulifile"].value),
        release=release,
        version_note=note,
        problems=tuple(sorted(problems, key=_order)),
        unknown_keywords=tuple(loader.unknown),
        missing_includes=tuple(loader.missing.values()),
        refused=MappingProxyType(loader.refused),
        ignored=tuple(loader.ignored),
    )


def _refused_in_blocks(tree: ConfigFile, issues: Sequence[ParseIssue]) -> list[tuple[str, ParseIssue]]:
    """The keyword of each line the effective pass refused (a global-only keyword after Match, a repeated
    Subsystem): those keywords cannot be read either."""
    at = {issue.location: issue for issue in issues}
    found: list[tuple[str, ParseIssue]] = []
    pending = [tree]
    while at and pending:
        for directive in pending.pop().directives:
            pending.extend(directive.files)
            issue = at.pop(directive.location, None)
            if issue is not None:
                found.append((directive.keyword, issue))
    return found


def _order(issue: ParseIssue) -> tuple[str, int]:
    return (issue.location.path, issue.location.line or 0)
