"""An option's typed effective value as one scope sees it (module:get_option): the scope's own setting, the
global one, or Prosody's built-in default, as the shared `Effective` (the Lua value, shown as the config
writes it, at its line or where it belongs, the scope it is written in as the setting reference's scope).
Pure; the methods `ProsodyFacts.effective`, `per_scope` and `bound` call these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from garrison.effective import Effective
from garrison.facts.listeners import AddressScope, address_scope
from garrison.facts.prosody import defaults
from garrison.facts.prosody.model import GLOBAL, HostKind, LuaTable, LuaValue, Setting, lua_text
from garrison.model import Dialect

if TYPE_CHECKING:
    from garrison.facts.prosody.facts import ProsodyFacts

#: How a scope is named in a setting reference: `VirtualHost example.org`, `Component muc.example.org`.
SCOPE_WORDS = {HostKind.VIRTUALHOST: "VirtualHost", HostKind.COMPONENT: "Component"}


@dataclass(frozen=True, slots=True)
class ProsodyOption:
    """An option as `scope` sees it: its `effective` value (set in the scope it names, or the built-in
    default cited at the main config), and the syntax `setting` that gives it (None: the default)."""

    effective: Effective[LuaValue]
    scope: str
    setting: Setting | None = None

    @property
    def value(self) -> LuaValue:
        return self.effective.value

    @property
    def label(self) -> str:
        return "globally" if self.scope == GLOBAL else f"for {self.scope}"


@dataclass(frozen=True, slots=True)
class Bound:
    """The addresses a service listens on beyond loopback, and the interfaces option that decides them
    (None: a private service's loopback default)."""

    public: tuple[str, ...]
    value: Effective[LuaValue] | None


def _written(facts: ProsodyFacts, scope: str) -> str | None:
    host = None if scope == GLOBAL else facts.host(scope)
    return None if host is None else f"{SCOPE_WORDS[host.kind]} {scope}"


def of_setting(facts: ProsodyFacts, scope: str, setting: Setting | None) -> ProsodyOption | None:
    """The option `setting` gives `scope` (None when there is no setting)."""
    if setting is None:
        return None
    where = setting.location
    value = Effective.at(
        Dialect.PROSODY,
        where.path,
        setting.name,
        setting.value,
        line=where.line,
        shown=lua_text(setting.value),
        scope=_written(facts, setting.scope),
    )
    return ProsodyOption(value, scope, setting)


def _default(facts: ProsodyFacts, name: str, default: LuaValue, scope: str) -> Effective[LuaValue]:
    shown, written = lua_text(default), _written(facts, scope)
    return Effective.default(Dialect.PROSODY, facts.config_path, name, default, shown=shown, scope=written)


def effective_value(
    facts: ProsodyFacts, name: str, default: LuaValue, scope: str = GLOBAL, fallback: str | None = None
) -> ProsodyOption:
    """module:get_option(name, [fallback option,] default) as seen from `scope`."""
    setting = facts.option(name, scope)
    if setting is None and fallback is not None:
        setting = facts.option(fallback, scope)
    found = of_setting(facts, scope, setting)
    if found is not None:
        return found
    return ProsodyOption(_default(facts, name, default, scope), scope)


def per_scope(
    facts: ProsodyFacts, name: str, default: LuaValue, fallback: str | None = None
) -> tuple[ProsodyOption, ...]:
    """The effective value globally and in every enabled host that sets it itself (deduplicated)."""
    out = [effective_value(facts, name, default, GLOBAL, fallback)]
    names = (name,) if fallback is None else (name, fallback)
    for scope in facts.scopes_setting(*names):
        item = effective_value(facts, name, default, scope, fallback)
        if item.setting is not None and item.setting.scope == scope:
            out.append(item)
    return tuple(out)


def bound(facts: ProsodyFacts, option: str, default: tuple[str, ...] | None = None) -> Bound:
    """The non-loopback addresses of a service: `<svc>_interfaces`, else `interfaces`, else `default`; with
    `default` None a private service's (console, component): its own option, else `local_interfaces`,
    else loopback (portmanager.lua: private services never fall back to the global `interfaces`)."""
    if default is None:
        setting = private_interfaces(facts, option)
        if setting is None:
            return Bound((), None)
        addresses = interface_list(setting, defaults.LOCAL_INTERFACES)
    else:
        setting = public_interfaces(facts, option)
        addresses = interface_list(setting, default)
    found = of_setting(facts, GLOBAL, setting)
    value = _default(facts, option, None, GLOBAL) if found is None else found.effective
    public = tuple(a for a in addresses if address_scope(a) is not AddressScope.LOOPBACK)
    return Bound(public, value)


def private_interfaces(facts: ProsodyFacts, option: str) -> Setting | None:
    """A private service's (console, component) interfaces: its own option (or its singular, pre-0.9 form
    `<svc>_interface`, still read), else `local_interfaces` (portmanager.lua: private services never fall
    back to the global `interfaces`)."""
    own = facts.settings.get(option) or facts.settings.get(option.removesuffix("s"))
    return own or facts.settings.get("local_interfaces")


def public_interfaces(facts: ProsodyFacts, option: str) -> Setting | None:
    """A public service's interfaces: `<svc>_interfaces`, `<svc>_interface`, `interfaces`, `interface`
    (portmanager.lua reads the singular forms after the plural ones, "COMPAT w/pre-0.9")."""
    settings = facts.settings
    return (
        settings.get(option)
        or settings.get(option.removesuffix("s"))
        or settings.get("interfaces")
        or settings.get("interface")
    )


def interface_list(setting: Setting | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if setting is None:
        return default
    if isinstance(setting.value, str):
        return (setting.value,)
    if isinstance(setting.value, LuaTable):
        return setting.value.strings()
    return default
