"""Helpers for the Prosody rules: effective values per scope, typed reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from garrison.facts.listeners import AddressScope, address_scope
from garrison.facts.prosody import ProsodyFacts
from garrison.facts.prosody.gather import interface_list
from garrison.facts.prosody.model import GLOBAL, LuaTable, LuaValue, Opaque, Setting
from garrison.facts.quoting import shown
from garrison.model import Evidence, Location, Outcome, errored, evidence, failed, passed, unknown
from garrison.rules.wording import unique


@dataclass(frozen=True, slots=True)
class Effective:
    """An option's effective value in one scope; `setting` is None when the built-in default applies."""

    scope: str
    value: LuaValue
    setting: Setting | None
    where: Location

    def cite(self, actual: str | None = None, expected: str | None = None) -> Evidence:
        """Evidence at the setting; `actual` (already worded) replaces the value shown in Lua syntax."""
        shown = _show(self.value) if actual is None else actual
        return evidence(self.where.path, self.where.line, shown, expected)

    @property
    def label(self) -> str:
        return "globally" if self.scope == GLOBAL else f"for {self.scope}"


def effective(
    facts: ProsodyFacts, name: str, default: LuaValue, scope: str = GLOBAL, fallback: str | None = None
) -> Effective:
    """module:get_option(name, [fallback option,] default) as seen from `scope`."""
    setting = facts.option(name, scope)
    if setting is None and fallback is not None:
        setting = facts.option(fallback, scope)
    if setting is None:
        return Effective(scope, default, None, Location(facts.config_path, None))
    return Effective(scope, setting.value, setting, setting.location)


def per_scope(
    facts: ProsodyFacts, name: str, default: LuaValue, fallback: str | None = None
) -> tuple[Effective, ...]:
    """The effective value globally and in every enabled host that sets it itself (deduplicated)."""
    out = [effective(facts, name, default, GLOBAL, fallback)]
    for scope in facts.scopes_setting(name) if fallback is None else facts.scopes_setting(name, fallback):
        item = effective(facts, name, default, scope, fallback)
        if item.setting is not None and item.setting.scope == scope:
            out.append(item)
    return tuple(out)


def undecidable(items: tuple[Effective, ...], name: str) -> Outcome | None:
    """unknown for a template placeholder or an expression Garrison cannot evaluate."""
    for item in items:
        if isinstance(item.value, Opaque):
            kind = "an unrendered template placeholder" if item.value.placeholder else "an expression"
            return unknown(
                f"{name} {item.label} is {kind}; its value cannot be judged", item.cite("<expression>")
            )
    return None


def judge_bool(
    facts: ProsodyFacts,
    name: str,
    default: bool,
    want: bool,
    fallback: str | None = None,
    excuse: Callable[[Effective], bool] | None = None,
) -> Outcome:
    """Judge a boolean option in every scope; `excuse` may clear a scope whose value is overridden."""
    items = per_scope(facts, name, default, fallback)
    undecided = undecidable(items, name)
    if undecided is not None:
        return undecided
    for item in items:
        if not isinstance(item.value, bool):
            return errored(
                f"{name} must be true or false, got {shown_value(item.value)}",
                item.cite(shown_value(item.value)),
            )
    bad = [item for item in items if item.value is not want and not (excuse and excuse(item))]
    if bad:
        labels = ", ".join(item.label for item in bad)
        why = " (built-in default)" if any(item.setting is None for item in bad) else ""
        return failed(
            f"{name} is {_show(not want)} {labels}{why}", *unique(b.cite(expected=_show(want)) for b in bad)
        )
    return passed(f"{name} is {_show(want)} everywhere", *unique(i.cite() for i in items))


def exposed_interfaces(
    facts: ProsodyFacts, option: str, default: tuple[str, ...]
) -> tuple[tuple[str, ...], Location]:
    """Non-loopback addresses a service binds (`<svc>_interfaces`, else `interfaces`, else default)."""
    setting = facts.settings.get(option) or facts.settings.get("interfaces")
    addresses = interface_list(setting, default)
    where = setting.location if setting else Location(facts.config_path, None)
    return tuple(a for a in addresses if address_scope(a) is not AddressScope.LOOPBACK), where


def each_scope(facts: ProsodyFacts, check: Callable[[str], Outcome | None]) -> Outcome | None:
    """The first non-None outcome of `check` over the global scope and enabled hosts."""
    for scope in facts.scopes():
        result = check(scope)
        if result is not None:
            return result
    return None


def _show(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "nil"
    if isinstance(value, Opaque):
        return "<expression>"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, int | float):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if isinstance(value, LuaTable):
        return table_text(value)
    return "a table"


def shown_value(value: object) -> str:
    """`show` for an `error` message: a string only when it reads as a keyword (`garrison.facts.quoting`), a
    table as `a table`: the value of a broken setting may be a secret's line."""
    if isinstance(value, str):
        return f'"{shown(value)}"'
    if isinstance(value, LuaTable):
        return "a table"
    return _show(value)


def table_text(table: LuaTable) -> str:
    """A table as its string entries and keys (`{ "a", "b" }`, `{ c2s, s2sin }`), never Python's repr."""
    parts = [_show(item) for item in table.items] + [str(key) for key, _ in table.fields]
    return "{ " + ", ".join(parts) + " }" if parts else "{ }"


show = _show
