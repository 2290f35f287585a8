"""An option's typed effective value as one scope sees it (module:get_option): the scope's own setting, the
global one, or Prosody's built-in default, with where it is set or where it belongs. Pure; the methods
`ProsodyFacts.effective`, `per_scope` and `bound` call these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from garrison.facts.listeners import AddressScope, address_scope
from garrison.facts.prosody import defaults
from garrison.facts.prosody.model import GLOBAL, HostKind, LuaTable, LuaValue, Setting
from garrison.model import Location

if TYPE_CHECKING:
    from garrison.facts.prosody.facts import ProsodyFacts

#: How a scope is named in a setting reference: `VirtualHost example.org`, `Component muc.example.org`.
SCOPE_WORDS = {HostKind.VIRTUALHOST: "VirtualHost", HostKind.COMPONENT: "Component"}


@dataclass(frozen=True, slots=True)
class ProsodyValue:
    """`name` as `scope` sees it: `value` from `setting`, or (setting None) the built-in default cited at
    `path` (the main config). `written` names the scope the value is written in, or belongs in, as a
    setting reference does (`VirtualHost example.org`; None for the global scope)."""

    name: str
    scope: str
    value: LuaValue
    setting: Setting | None
    path: str
    line: int | None
    written: str | None = None

    @property
    def key(self) -> str:
        """The option as written (a fallback option's name when that one decides)."""
        return self.name if self.setting is None else self.setting.name

    @property
    def is_default(self) -> bool:
        return self.setting is None

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)

    @property
    def label(self) -> str:
        return "globally" if self.scope == GLOBAL else f"for {self.scope}"


@dataclass(frozen=True, slots=True)
class Bound:
    """The addresses a service listens on beyond loopback, and the interfaces option that decides them
    (None: a private service's loopback default)."""

    public: tuple[str, ...]
    value: ProsodyValue | None


def _written(facts: ProsodyFacts, scope: str) -> str | None:
    host = None if scope == GLOBAL else facts.host(scope)
    return None if host is None else f"{SCOPE_WORDS[host.kind]} {scope}"


def of_setting(facts: ProsodyFacts, name: str, scope: str, setting: Setting | None) -> ProsodyValue | None:
    """The value `setting` gives `name` in `scope` (None when there is no setting)."""
    if setting is None:
        return None
    where = setting.location
    return ProsodyValue(
        name, scope, setting.value, setting, where.path, where.line, _written(facts, setting.scope)
    )


def effective_value(
    facts: ProsodyFacts, name: str, default: LuaValue, scope: str = GLOBAL, fallback: str | None = None
) -> ProsodyValue:
    """module:get_option(name, [fallback option,] default) as seen from `scope`."""
    setting = facts.option(name, scope)
    if setting is None and fallback is not None:
        setting = facts.option(fallback, scope)
    found = of_setting(facts, name, scope, setting)
    if found is not None:
        return found
    return ProsodyValue(name, scope, default, None, facts.config_path, None, _written(facts, scope))


def per_scope(
    facts: ProsodyFacts, name: str, default: LuaValue, fallback: str | None = None
) -> tuple[ProsodyValue, ...]:
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
        setting = facts.settings.get(option) or facts.settings.get("interfaces")
        addresses = interface_list(setting, default)
    value = of_setting(facts, option, GLOBAL, setting) or ProsodyValue(
        option, GLOBAL, None, None, facts.config_path, None
    )
    public = tuple(a for a in addresses if address_scope(a) is not AddressScope.LOOPBACK)
    return Bound(public, value)


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
