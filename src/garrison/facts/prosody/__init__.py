"""Prosody facts: the effective prosody.cfg.lua (with Includes, scopes and 0.12.3 defaults).

Modules: luasyntax/luafast/luaconf (the Lua config parser), model (values as the config writes them,
settings, hosts), defaults (Prosody 0.12.3's built-in values), effective (an option per scope: the shared
Effective and its syntax setting), facts (ProsodyFacts), gather (I/O: Includes, certificate directories).

A lazy face (`facts.lazyface`): `presence` answers whether Prosody is a subject here without loading the
models and parsers below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from garrison.facts.lazyface import homes, lazy_face

if TYPE_CHECKING:
    from garrison.facts.prosody import defaults
    from garrison.facts.prosody.effective import SCOPE_WORDS, Bound, ProsodyOption
    from garrison.facts.prosody.facts import ProsodyFacts
    from garrison.facts.prosody.gather import gather_prosody
    from garrison.facts.prosody.model import (
        GLOBAL,
        HostKind,
        LuaTable,
        LuaValue,
        Opaque,
        Setting,
        lua_text,
        table_text,
    )
    from garrison.facts.prosody.options import OptionKind, OptionVerdict, classify, module_name, near, ssl_key
    from garrison.facts.prosody.releases import ProsodyRelease
    from garrison.facts.store import Gatherer
    from garrison.options import AuditOptions

__all__ = [
    "GLOBAL",
    "SCOPE_WORDS",
    "Bound",
    "HostKind",
    "LuaTable",
    "LuaValue",
    "Opaque",
    "OptionKind",
    "OptionVerdict",
    "ProsodyFacts",
    "ProsodyOption",
    "ProsodyRelease",
    "Setting",
    "classify",
    "defaults",
    "gather_prosody",
    "gatherers",
    "lua_text",
    "module_name",
    "near",
    "ssl_key",
    "table_text",
]

_MODEL = ("GLOBAL", "HostKind", "LuaTable", "LuaValue", "Opaque", "Setting", "lua_text", "table_text")
_OPTIONS = ("OptionKind", "OptionVerdict", "classify", "module_name", "near", "ssl_key")
__getattr__ = lazy_face(
    __name__,
    homes(**{
        "garrison.facts.prosody.defaults": ("defaults",),
        "garrison.facts.prosody.effective": ("SCOPE_WORDS", "Bound", "ProsodyOption"),
        "garrison.facts.prosody.facts": ("ProsodyFacts",),
        "garrison.facts.prosody.gather": ("gather_prosody",),
        "garrison.facts.prosody.model": _MODEL,
        "garrison.facts.prosody.options": _OPTIONS,
        "garrison.facts.prosody.releases": ("ProsodyRelease",),
    }),
)  # fmt: skip


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.prosody.facts import ProsodyFacts
    from garrison.facts.prosody.gather import gather_prosody
    from garrison.facts.store import NeedsFacts

    return {ProsodyFacts: NeedsFacts(gather_prosody)}
