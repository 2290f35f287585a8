"""The Prosody facts: effective options per scope (global, each VirtualHost/Component), loaded modules,
the listeners and TLS files they imply, and each option's typed effective value (`effective`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from garrison.facts.listeners import IpProtocol, Listener, ReportsListeners
from garrison.facts.notes import NotedFacts
from garrison.facts.prosody import defaults
from garrison.facts.prosody.effective import (
    Bound,
    ProsodyOption,
    bound,
    effective_value,
    interface_list,
    of_setting,
    per_scope,
    private_interfaces,
    public_interfaces,
)
from garrison.facts.prosody.model import GLOBAL, Host, HostKind, LuaTable, LuaValue, Setting
from garrison.facts.prosody.releases import REFERENCE, REFERENCE_VERSION, ProsodyRelease
from garrison.facts.tlsrefs import ReferencesTls, TlsFileRef
from garrison.facts.versions import InstalledVersion
from garrison.model import Location, ParseIssue


@dataclass(frozen=True, slots=True)
class ProsodyFacts(ReportsListeners, ReferencesTls, NotedFacts):
    """Effective options: `settings` (global scope) and `hosts` (each with its own scope)."""

    config_path: str
    files: tuple[str, ...]
    settings: Mapping[str, Setting]
    hosts: tuple[Host, ...] = ()
    tls_refs: tuple[TlsFileRef, ...] = ()
    #: certificate-looking files (*.crt, *.pem, *.cer) found in the `certificates` directories
    certificate_files: tuple[str, ...] = ()
    issues: tuple[ParseIssue, ...] = field(default=())
    #: the release whose built-in behaviour applies, and the installed version it was chosen by (None:
    #: unknown, judged as the reference, Debian 12's 0.12.3)
    release: ProsodyRelease = REFERENCE
    installed: InstalledVersion | None = None
    #: each config file's permission bits (who else can read an inline secret)
    modes: Mapping[str, int] = field(default_factory=dict)
    #: what Prosody refuses to start on (Lua syntax errors, missing includes, include loops), each at its
    #: file:line; the rest is still read and judged, every verdict noted (`verdict_notes`)
    refusals: tuple[ParseIssue, ...] = ()
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

    @property
    def version(self) -> str:
        """The version judged by, as a message says it: `Prosody 13.0.1`, or the reference when unknown."""
        if self.installed is None:
            return f"Prosody {REFERENCE_VERSION} (Debian 12's; the installed version is unknown)"
        if self.installed.numbers[:2] != self.release.numbers:
            return f"Prosody {self.installed.short} (judged as {self.release.name})"
        return f"Prosody {self.installed.short}"

    def verdict_notes(self) -> tuple[str, ...]:
        if not self.refusals:
            return ()
        return (f"judged from a configuration Prosody refuses to load ({self.refusals[0].location})",)

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

    def autoloaded(self, name: str, scope: str = GLOBAL) -> bool:
        """Whether an autoloaded module (c2s, s2s, saslauth, tls, ...) stays loaded in `scope`
        (modulemanager: autoload + global enabled - global disabled, + the host's enabled - its disabled)."""
        if name in _names(self.settings.get("modules_disabled")):
            host = self._by_name.get(scope)
            own = {} if host is None else host.settings
            return name in _names(own.get("modules_enabled")) and name not in _names(
                own.get("modules_disabled")
            )
        host = self._by_name.get(scope)
        return host is None or name not in _names(host.settings.get("modules_disabled"))

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
            # portmanager: a private service (console, component) never falls back to `interfaces`
            private = ifaces is not None
            find = private_interfaces if private else public_interfaces
            iface_setting = find(self, ifaces_opt)
            where = (iface_setting or port_setting or Setting("", None, Location(self.config_path))).location
            for address in interface_list(iface_setting, ifaces or defaults.ALL_INTERFACES):
                for port in _ports(port_setting, ports):
                    out.append(Listener("prosody", address, port, IpProtocol.TCP, purpose, where))
        return tuple(out)

    def tls_files(self) -> tuple[TlsFileRef, ...]:
        return self.tls_refs

    def effective(
        self, name: str, default: LuaValue, scope: str = GLOBAL, fallback: str | None = None
    ) -> ProsodyOption:
        """module:get_option(name, [fallback option,] default) as `scope` sees it, typed and located."""
        return effective_value(self, name, default, scope, fallback)

    def per_scope(
        self, name: str, default: LuaValue, fallback: str | None = None
    ) -> tuple[ProsodyOption, ...]:
        """The effective value globally and in every enabled host that sets it itself."""
        return per_scope(self, name, default, fallback)

    def cited(self, scope: str, setting: Setting) -> ProsodyOption:
        """A setting as the option `scope` sees (to cite a setting found by walking the settings)."""
        found = of_setting(self, scope, setting)
        assert found is not None
        return found

    def bound(self, option: str, default: tuple[str, ...] | None = None) -> Bound:
        """A service's non-loopback addresses (`default` None: a private service's, loopback by default)."""
        return bound(self, option, default)


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
