"""Gather Prosody's effective configuration from /etc/prosody/prosody.cfg.lua and its Includes."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

from garrison.errors import TargetFileError
from garrison.facts.gcpause import paused_gc
from garrison.facts.listeners import IpProtocol, Listener, ReportsListeners
from garrison.facts.prosody import defaults
from garrison.facts.prosody.luaconf import parse_prosody_config
from garrison.facts.prosody.model import GLOBAL, Host, HostKind, LuaTable, LuaValue, Setting, StatementKind
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import FactError, SubjectAbsent
from garrison.facts.tlsrefs import ReferencesTls, TlsFileRef, TlsFileRole
from garrison.model import Location, ParseIssue
from garrison.targets.base import FileKind, Target

CONFIG_PATHS = ("/etc/prosody/prosody.cfg.lua", "/usr/local/etc/prosody/prosody.cfg.lua")
MAX_CONFIG_BYTES = 1024 * 1024
MAX_INCLUDE_DEPTH = 16


@dataclass(frozen=True, slots=True)
class ProsodyFacts(ReportsListeners, ReferencesTls):
    """Effective options: `settings` (global scope) and `hosts` (each with its own scope)."""

    config_path: str
    files: tuple[str, ...]
    settings: Mapping[str, Setting]
    hosts: tuple[Host, ...] = ()
    tls_refs: tuple[TlsFileRef, ...] = ()
    #: certificate-looking files (*.crt, *.pem, *.cer) found in the `certificates` directories
    certificate_files: tuple[str, ...] = ()
    issues: tuple[ParseIssue, ...] = field(default=())
    #: built with the facts, since rules ask per scope and a config may have 17,000 hosts: host name -> the
    #: first host of that name, the enabled scopes, and each scope's modules as they are asked for
    _by_name: dict[str, Host] = field(init=False, repr=False, compare=False)
    _scopes: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _modules: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    _global_modules: frozenset[str] = field(init=False, repr=False, compare=False)
    #: option name -> the enabled hosts that set it themselves, in `scopes()` order
    _setters: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Host] = {}
        for item in self.hosts:
            index.setdefault(item.name, item)
        object.__setattr__(self, "_by_name", index)
        object.__setattr__(self, "_scopes", (GLOBAL, *(h.name for h in self.hosts if h.enabled)))
        object.__setattr__(self, "_modules", {})
        found = set(_names(self.settings.get("modules_enabled")))
        found -= set(_names(self.settings.get("modules_disabled")))
        object.__setattr__(self, "_global_modules", frozenset(found))
        setters: dict[str, list[str]] = {}
        for item in self.hosts:
            if item.enabled:
                for name in item.settings:
                    setters.setdefault(name, []).append(item.name)
        object.__setattr__(self, "_setters", {name: tuple(scopes) for name, scopes in setters.items()})

    def host(self, name: str) -> Host | None:
        """The VirtualHost or Component called `name` (the first, as a linear search would find it)."""
        return self._by_name.get(name)

    def option(self, name: str, scope: str = GLOBAL) -> Setting | None:
        """The effective setting in `scope`: the host's own, else the global one (None when unset)."""
        if scope != GLOBAL:
            host = self._by_name.get(scope)
            if host is not None:
                own = host.settings.get(name)
                if own is not None:
                    return own
        return self.settings.get(name)

    def scopes(self) -> tuple[str, ...]:
        """The global scope and every enabled VirtualHost/Component."""
        return self._scopes

    def scopes_setting(self, *names: str) -> tuple[str, ...]:
        """The enabled hosts' scopes (`scopes()[1:]`, in that order) that set one of `names` themselves."""
        if len(names) == 1:
            return self._setters.get(names[0], ())
        wanted = {scope for name in names for scope in self._setters.get(name, ())}
        return tuple(scope for scope in self._scopes[1:] if scope in wanted)

    def scopes_apart(self, *names: str) -> tuple[str, ...]:
        """The global scope, then the enabled hosts (in `scopes()` order) where one of the options `names`
        or the loaded modules can differ from the global scope: those that set one of `names` or
        modules_enabled/modules_disabled themselves, and every Component. Any other host sees exactly the
        global values: a check that already ran on the global scope needs no running on it."""
        apart = set(self.scopes_setting(*names, "modules_enabled", "modules_disabled"))
        apart.update(h.name for h in self.hosts if h.kind is HostKind.COMPONENT)
        return (GLOBAL, *(scope for scope in self._scopes[1:] if scope in apart))

    def modules(self, scope: str = GLOBAL) -> frozenset[str]:
        """Modules loaded in `scope`: global modules_enabled (+ the host's own) minus modules_disabled."""
        known = self._modules.get(scope)
        if known is None:
            known = self._modules[scope] = self._loaded(scope)
        return known

    def _loaded(self, scope: str) -> frozenset[str]:
        host = self._by_name.get(scope)
        if host is None or (
            host.kind is not HostKind.COMPONENT
            and "modules_enabled" not in host.settings
            and "modules_disabled" not in host.settings
        ):
            return self._global_modules  # what the lines below give: nothing of the host's own
        found = set(self._global_modules)
        if host.kind is HostKind.COMPONENT and _value(host.settings.get("load_global_modules")) is not True:
            found = set()
        found |= set(_names(host.settings.get("modules_enabled")))
        found -= set(_names(host.settings.get("modules_disabled")))
        return frozenset(found)

    def any_module(self, name: str) -> str | None:
        """The first scope that loads module `name`, or None."""
        return next((s for s in self.scopes() if name in self.modules(s)), None)

    def listeners(self) -> tuple[Listener, ...]:
        out: list[Listener] = []
        http = any(self.modules(s) & defaults.HTTP_MODULES for s in self.scopes())
        components = any(h.kind is HostKind.COMPONENT and h.module in (None, "component") for h in self.hosts)
        for service, (ports_opt, ports, ifaces_opt, ifaces, purpose) in defaults.PORTS.items():
            if service in ("http", "https") and not http:
                continue
            if service == "console" and self.any_module("admin_telnet") is None:
                continue
            if service == "component" and not components:
                continue
            port_setting = self.settings.get(ports_opt)
            if service in ("c2s", "s2s") and service in _names(self.settings.get("modules_disabled")):
                continue
            iface_setting = private_interfaces(self, ifaces_opt) if ifaces else None
            iface_setting = iface_setting or self.settings.get(ifaces_opt) or self.settings.get("interfaces")
            where = (iface_setting or port_setting or Setting("", None, Location(self.config_path))).location
            for address in interface_list(iface_setting, ifaces or defaults.ALL_INTERFACES):
                for port in _ports(port_setting, ports):
                    out.append(Listener("prosody", address, port, IpProtocol.TCP, purpose, where))
        return tuple(out)

    def tls_files(self) -> tuple[TlsFileRef, ...]:
        return self.tls_refs


def private_interfaces(facts: ProsodyFacts, option: str) -> Setting | None:
    """A private service's (console, component) interfaces: its own option, else `local_interfaces`
    (portmanager.lua: private services never fall back to the global `interfaces`)."""
    return facts.settings.get(option) or facts.settings.get("local_interfaces")


def interface_list(setting: Setting | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if setting is None:
        return default
    if isinstance(setting.value, str):
        return (setting.value,)
    if isinstance(setting.value, LuaTable):
        return setting.value.strings()
    return default


def _ports(setting: Setting | None, default: tuple[int, ...]) -> tuple[int, ...]:
    if setting is None:
        return default
    value = setting.value
    items = value.items if isinstance(value, LuaTable) else (value,)
    return tuple(
        int(p) for p in items if isinstance(p, int | float) and not isinstance(p, bool) and 0 < p < 65536
    )


def _value(setting: Setting | None) -> LuaValue:
    return None if setting is None else setting.value


def _names(setting: Setting | None) -> tuple[str, ...]:
    if setting is None or not isinstance(setting.value, LuaTable):
        return ()
    return tuple(name.removeprefix("mod_") for name in setting.value.strings())


_CONFIG_DIRS = tuple(posixpath.dirname(p) for p in CONFIG_PATHS)
READS = Reads(
    files=CONFIG_PATHS,
    trees=tuple((d, 4) for d in _CONFIG_DIRS),  # conf.d/*.cfg.lua, certs/<host>/fullchain.pem
    follows=(
        Follow(FollowKind.INCLUDE, ("Include",), bases=_CONFIG_DIRS),
        Follow(FollowKind.REFERENCE, ("certificates",), bases=_CONFIG_DIRS, depth=3),  # walked 2 deep
    ),
)


@declares(READS)
def gather_prosody(target: Target) -> ProsodyFacts:
    config = next((p for p in CONFIG_PATHS if target.stat(p) is not None), None)
    if config is None:
        raise SubjectAbsent("Prosody is not configured (no prosody.cfg.lua)")
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
    )


class _Loader:
    def __init__(self, target: Target, base: str) -> None:
        self.target = target
        self.base = base
        self.files: list[str] = []
        self.issues: list[ParseIssue] = []
        self.scoped: dict[str, dict[str, Setting]] = {}
        #: name -> (kind, location, module), in first-declaration order; a redeclaration moves it last
        self.hosts: dict[str, tuple[HostKind, Location, str | None]] = {}

    def load(self, path: str, stack: tuple[str, ...], origin: Location | None) -> None:
        if path in stack:
            raise FactError(f"Include loop: {path} includes itself", origin)
        if len(stack) >= MAX_INCLUDE_DEPTH:
            raise FactError("Includes nest too deeply", origin)
        stat = self.target.stat(path)
        if stat is None:
            raise FactError(f"included file {path} does not exist", origin or Location(path))
        if stat.size > MAX_CONFIG_BYTES:
            raise FactError(f"config file is too large ({stat.size} bytes)", Location(path))
        parsed, issues = parse_prosody_config(self.target.read_text(path), path)
        if parsed.syntax_error is not None:
            raise FactError(parsed.syntax_error.message, parsed.syntax_error.location)
        self.files.append(path)
        self.issues.extend(issues)
        for stmt in parsed.statements:
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
            raise FactError(f"cannot open {posixpath.dirname(full)}: no such directory", origin)
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
