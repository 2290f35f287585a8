"""Helpers for the Prosody rules: an option's effective value (the pack's shared `Effective`) cited as
evidence, and Lua values as Prosody's config writes them (the pack's `lua_text`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from garrison.facts.prosody import (
    GLOBAL,
    HostKind,
    LuaTable,
    LuaValue,
    Opaque,
    ProsodyFacts,
    ProsodyOption,
    lua_text,
)
from garrison.facts.quoting import shown
from garrison.model import (
    Evidence,
    Outcome,
    Wanted,
    errored,
    failed,
    not_applicable,
    passed,
    unknown,
)
from garrison.rules.expect import Effective, equals
from garrison.rules.wording import unique


def cite(
    value: ProsodyOption | Effective[LuaValue],
    actual: str | None = None,
    expected: str | None = None,
    *,
    wanted: Wanted | None = None,
) -> Evidence:
    """Evidence at the setting, or where it belongs (role SETTING or DEFAULT); `actual` (already worded)
    replaces the value shown in Lua syntax. An `expected` a fix could write becomes `wanted` unless given."""
    if wanted is None and expected is not None and _writable(expected):
        wanted = equals(expected)
    found = value.effective if isinstance(value, ProsodyOption) else value
    return found.cite(expected, wanted=wanted, actual=actual)


def _writable(expected: str) -> bool:
    """A Lua literal a fix could write as it is: `true`, `"1w"`, a number."""
    return (
        expected in ("true", "false") or expected.isdigit() or (expected[:1] == '"' and expected[-1:] == '"')
    )


def undecidable(items: tuple[ProsodyOption, ...], name: str) -> Outcome | None:
    """unknown for a template placeholder or an expression Garrison cannot evaluate."""
    for item in items:
        if isinstance(item.value, Opaque):
            kind = "an unrendered template placeholder" if item.value.placeholder else "an expression"
            return unknown(
                f"{name} {item.label} is {kind}; its value cannot be judged", cite(item, "<expression>")
            )
    return None


def mistyped(item: ProsodyOption, name: str, wording: str) -> Outcome:
    """error for a value of the wrong type: `name` must be `wording` ("true or false", "a table")."""
    told = shown_value(item.value)
    return errored(f"{name} must be {wording}, got {told}", cite(item, told))


def checked(
    items: Sequence[ProsodyOption], name: str, kind: type | tuple[type, ...], wording: str
) -> Outcome | None:
    """unknown when a value cannot be judged (`undecidable`), else error for the first not of `kind`."""
    undecided = undecidable(tuple(items), name)
    if undecided is not None:
        return undecided
    wrong = next((item for item in items if not isinstance(item.value, kind)), None)
    return None if wrong is None else mistyped(wrong, name, wording)


def judge_bool(
    facts: ProsodyFacts,
    name: str,
    default: bool,
    want: bool,
    fallback: str | None = None,
    excuse: Callable[[ProsodyOption], bool] | None = None,
) -> Outcome:
    """Judge a boolean option in every scope; `excuse` may clear a scope whose value is overridden. One
    message names every bad scope (not a fold's one message per scope)."""
    items = facts.per_scope(name, default, fallback)
    wrong = checked(items, name, bool, "true or false")
    if wrong is not None:
        return wrong
    bad = [item for item in items if item.value is not want and not (excuse and excuse(item))]
    if bad:
        labels = ", ".join(item.label for item in bad)
        why = f" (built-in default of {facts.version})" if any(i.effective.is_default for i in bad) else ""
        return failed(
            f"{name} is {lua_text(not want)} {labels}{why}",
            *unique(cite(b, expected=lua_text(want)) for b in bad),
        )
    return passed(f"{name} is {lua_text(want)} everywhere", *unique(cite(i) for i in items))


def shown_value(value: LuaValue) -> str:
    """`show` for an `error` message: a string only when it reads as a keyword (`garrison.facts.quoting`), a
    table as `a table`: the value of a broken setting may be a secret's line."""
    if isinstance(value, str):
        return f'"{shown(value)}"'
    if isinstance(value, LuaTable):
        return "a table"
    return lua_text(value)


show = lua_text


def s2s_off(facts: ProsodyFacts) -> Outcome | None:
    """not_applicable when no enabled VirtualHost federates: mod_s2s is in modules_disabled (and not
    enabled again by the host) or disallow_s2s is true for every host (the global scope when none)."""
    hosts = [h.name for h in facts.hosts if h.enabled and h.kind is HostKind.VIRTUALHOST] or [GLOBAL]
    for scope in hosts:
        disallowed = facts.effective("disallow_s2s", False, scope).value is True
        if facts.autoloaded("s2s", scope) and not disallowed:
            return None
    return not_applicable("server-to-server connections are disabled (mod_s2s is not loaded)")


def at_entry(item: ProsodyOption, line: int | None) -> Effective[LuaValue]:
    """The option's effective value cited at one of its table entries' own line (the option's line when
    the entry's is unknown)."""
    found = item.effective
    return found if line is None or found.line is None else replace(found, line=line)
