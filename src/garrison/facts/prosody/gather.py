"""Gather Prosody's effective configuration from /etc/prosody/prosody.cfg.lua and its Includes."""

from __future__ import annotations

import posixpath
from types import MappingProxyType

from garrison.errors import TargetFileError
from garrison.facts.gcpause import paused_gc
from garrison.facts.prosody import defaults
from garrison.facts.prosody.facts import ProsodyFacts
from garrison.facts.prosody.luaconf import parse_prosody_config
from garrison.facts.prosody.model import GLOBAL, Host, HostKind, LuaTable, Opaque, Setting, StatementKind
from garrison.facts.prosody.presence import ABSENT, CONFIG_PATHS
from garrison.facts.prosody.releases import REFERENCE, RELEASES, ProsodyRelease, release_of
from garrison.facts.prosody.salvage import readable_prefix
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import FactError, FactStore, SubjectAbsent
from garrison.facts.tlsrefs import TlsFileRef, TlsFileRole
from garrison.facts.versions import InstalledVersion, InstalledVersions, Program
from garrison.model import Location, ParseIssue
from garrison.targets.base import FileKind, Target

MAX_CONFIG_BYTES = 1024 * 1024
MAX_INCLUDE_DEPTH = 16


_CONFIG_DIRS = tuple(posixpath.dirname(p) for p in CONFIG_PATHS)
READS = Reads(
    files=CONFIG_PATHS,
    needs=(InstalledVersions,),
    trees=tuple((d, 4) for d in _CONFIG_DIRS),  # conf.d/*.cfg.lua, certs/<host>/fullchain.pem
    follows=(
        Follow(FollowKind.INCLUDE, ("Include",), bases=_CONFIG_DIRS),
        Follow(FollowKind.REFERENCE, ("certificates",), bases=_CONFIG_DIRS, depth=3),  # walked 2 deep
    ),
)


def release_for(installed: InstalledVersion | None) -> ProsodyRelease:
    """The release whose behaviour applies: the installed series, the nearest known one for a series Garrison
    lacks, the reference (Debian 12's 0.12) when the version is unknown."""
    if installed is None:
        return REFERENCE
    found = release_of(installed.numbers)
    if found is not None:
        return found
    older = [r for r in RELEASES if r.numbers <= installed.numbers[:2]]
    return older[-1] if older else RELEASES[0]


@declares(READS)
def gather_prosody(target: Target, store: FactStore | None = None) -> ProsodyFacts:
    config = next((p for p in CONFIG_PATHS if target.stat(p) is not None), None)
    if config is None:
        raise SubjectAbsent(ABSENT)
    versions = None if store is None else store.peek(InstalledVersions)
    installed = None if versions is None else versions.get(Program.PROSODY)
    release = release_for(installed)
    loader = _Loader(target, posixpath.dirname(config))
    with paused_gc():  # thousands of hosts are many small acyclic objects
        loader.load(config, (), None)
    hosts = tuple(
        Host(name, kind, loc, module, loader.scoped.get(name, {}))
        for name, (kind, loc, module) in loader.hosts.items()
    )
    facts = ProsodyFacts(config, tuple(loader.files), loader.scoped.get(GLOBAL, {}), hosts)
    return ProsodyFacts(
        facts.config_path,
        facts.files,
        facts.settings,
        hosts,
        _tls_refs(target, facts),
        _certificate_files(target, facts),
        tuple(loader.issues),
        release,
        installed,
        MappingProxyType(loader.modes),
        (*loader.refusals, *_newer_functions(loader.scoped, release)),
    )


#: functions a config can call from Prosody 13.0 on (configmanager.lua); an older release fails on the call
_FUNCTIONS_13 = ("FileContents(", "FileLine(", "FileLines(", "Credential(", "Lua.")


def _newer_functions(scoped: dict[str, dict[str, Setting]], release: ProsodyRelease) -> list[ParseIssue]:
    """Settings that call a 13.0 config function on an older release: Prosody stops on the call."""
    if release.numbers >= (13, 0):
        return []
    found = []
    for settings in scoped.values():
        for setting in settings.values():
            value = setting.value
            if isinstance(value, Opaque) and value.source.startswith(_FUNCTIONS_13):
                called = value.source.split("(", 1)[0].split(".", 1)[0]
                message = f"{setting.name} calls {called}, which {release.name} does not have (13.0 added it)"
                found.append(ParseIssue(setting.location, message))
    return found


class _Loader:
    def __init__(self, target: Target, base: str) -> None:
        self.target = target
        self.base = base
        self.files: list[str] = []
        self.modes: dict[str, int] = {}
        self.issues: list[ParseIssue] = []
        self.refusals: list[ParseIssue] = []
        self.scoped: dict[str, dict[str, Setting]] = {}
        #: name -> (kind, location, module), in first-declaration order; a redeclaration moves it last
        self.hosts: dict[str, tuple[HostKind, Location, str | None]] = {}

    def refuse(self, message: str, where: Location) -> None:
        """A problem Prosody refuses to start on: recorded, and the rest still read (judged with a note)."""
        self.refusals.append(ParseIssue(where, message))

    def load(self, path: str, stack: tuple[str, ...], origin: Location | None) -> None:
        if path in stack:
            return self.refuse(f"Include loop: {path} includes itself", origin or Location(path))
        if len(stack) >= MAX_INCLUDE_DEPTH:
            return self.refuse("Includes nest too deeply", origin or Location(path))
        stat = self.target.stat(path)
        if stat is None:
            return self.refuse(f"included file {path} does not exist", origin or Location(path))
        if stat.size > MAX_CONFIG_BYTES:
            raise FactError(f"config file is too large ({stat.size} bytes)", Location(path))
        text = self.target.read_text(path)
        parsed, issues = parse_prosody_config(text, path)
        statements = parsed.statements
        if parsed.syntax_error is not None:
            self.refuse(parsed.syntax_error.message, parsed.syntax_error.location)
            statements = readable_prefix(text, path, parsed.syntax_error.location.line)
            issues = ()
        self.files.append(path)
        self.modes[path] = stat.mode
        self.issues.extend(issues)
        for stmt in statements:
            if stmt.kind is StatementKind.SET:
                self.scoped.setdefault(stmt.scope, {})[stmt.name] = Setting(
                    stmt.name, stmt.value, stmt.location, stmt.scope
                )
            elif stmt.kind in (StatementKind.HOST, StatementKind.COMPONENT):
                kind = HostKind.VIRTUALHOST if stmt.kind is StatementKind.HOST else HostKind.COMPONENT
                self.hosts.pop(stmt.name, None)
                self.hosts[stmt.name] = (kind, stmt.location, stmt.module)
            elif stmt.kind is StatementKind.INCLUDE:
                for item in self.expand(stmt.name, stmt.location):
                    self.load(item, (*stack, path), stmt.location)

    def expand(self, pattern: str, origin: Location) -> tuple[str, ...]:
        full = pattern if pattern.startswith("/") else posixpath.join(self.base, pattern)
        if not any(c in pattern for c in "*?["):
            return (posixpath.normpath(full),)
        directory = self.target.stat(posixpath.dirname(full))
        if directory is None or directory.kind != FileKind.DIR:  # Prosody's lfs.dir fails on it too
            self.refuse(f"cannot open {posixpath.dirname(full)}: no such directory", origin)
            return ()
        found = self.target.glob(full)
        return tuple(p for p in found if not posixpath.basename(p).startswith("."))


def _resolve(base: str, value: str) -> str:
    return posixpath.normpath(value if value.startswith("/") else posixpath.join(base, value))


def _tls_refs(target: Target, facts: ProsodyFacts) -> tuple[TlsFileRef, ...]:
    base = posixpath.dirname(facts.config_path)
    refs: list[TlsFileRef] = []
    listings = _Listings(target)
    roles = {
        "certificate": TlsFileRole.CERTIFICATE,
        "key": TlsFileRole.PRIVATE_KEY,
        "dhparam": TlsFileRole.DH_PARAMS,
        "cafile": TlsFileRole.CA_BUNDLE,
    }
    for scope in facts.scopes():
        names = () if scope == GLOBAL else (scope,)
        ssl = facts.option("ssl", scope)
        if ssl is not None and isinstance(ssl.value, LuaTable) and (scope == GLOBAL or ssl.scope == scope):
            for key, role in roles.items():
                value = ssl.value.get(key)
                if isinstance(value, str):
                    refs.append(TlsFileRef(_resolve(base, value), role, "prosody", names, ssl.location))
            continue
        if scope == GLOBAL:
            continue
        certdir = facts.option("certificates", scope)
        directory = _resolve(
            base, certdir.value if certdir and isinstance(certdir.value, str) else defaults.CERTIFICATES_DIR
        )
        where = certdir.location if certdir else Location(facts.config_path)
        present = listings.names(directory, scope)
        for crt, key, first in (
            (f"{scope}.crt", f"{scope}.key", f"{scope}.crt"),
            (f"{scope}/fullchain.pem", f"{scope}/privkey.pem", scope),
        ):
            if present is not None and first not in present:
                continue  # not in the directory: the stat would find nothing
            found = target.stat(posixpath.join(directory, crt))
            if found is not None and found.kind == FileKind.FILE:
                refs.append(
                    TlsFileRef(
                        posixpath.join(directory, crt), TlsFileRole.CERTIFICATE, "prosody", names, where
                    )
                )
                refs.append(
                    TlsFileRef(
                        posixpath.join(directory, key), TlsFileRole.PRIVATE_KEY, "prosody", names, where
                    )
                )
                break
    return tuple(dict.fromkeys(refs))


class _Listings:
    """Each certificates directory listed once, so that thousands of hosts cost one `list_dir`, not two
    `stat`s each; a host's files are looked at only when the listing holds their name."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.known: dict[str, frozenset[str] | None] = {}

    def names(self, directory: str, scope: str) -> frozenset[str] | None:
        """The directory's entries, or None when every candidate must be looked at: a host name that leads
        elsewhere (empty, `.`, `..`, with a `/`), an unlistable directory, and the directory's first host,
        whose looks show that the directory can be searched (they raise, as ever, when it cannot)."""
        if not scope or scope in (".", "..") or "/" in scope:
            return None
        if directory in self.known:
            return self.known[directory]
        try:
            self.known[directory] = frozenset(self.target.list_dir(directory))
        except TargetFileError:
            self.known[directory] = None
        return None


def _certificate_files(target: Target, facts: ProsodyFacts) -> tuple[str, ...]:
    base = posixpath.dirname(facts.config_path)
    found: list[str] = []
    directories: dict[str, None] = {}  # each directory once: thousands of hosts share one
    for scope in facts.scopes():
        setting = facts.option("certificates", scope)
        name = setting.value if setting and isinstance(setting.value, str) else defaults.CERTIFICATES_DIR
        directories.setdefault(_resolve(base, name))
    for directory in directories:
        for entry in target.walk(directory, max_depth=2):
            if entry.kind != FileKind.DIR and entry.path.endswith((".crt", ".pem", ".cer")):
                found.append(entry.path)
    return tuple(sorted(set(found)))
