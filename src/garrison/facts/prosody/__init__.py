"""Prosody facts: the effective prosody.cfg.lua (with Includes, scopes and 0.12.3 defaults).

Modules: luasyntax/luafast/luaconf (the Lua config parser), model (values, settings, hosts), defaults
(Prosody 0.12.3's built-in values), effective (an option's typed value per scope), facts (ProsodyFacts),
gather (I/O: Includes, certificate directories).
"""

from __future__ import annotations

from garrison.facts.prosody import defaults
from garrison.facts.prosody.effective import SCOPE_WORDS, Bound, ProsodyValue
from garrison.facts.prosody.facts import ProsodyFacts
from garrison.facts.prosody.gather import gather_prosody
from garrison.facts.prosody.model import GLOBAL, HostKind, LuaTable, LuaValue, Opaque, Setting
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
    "ProsodyFacts",
    "ProsodyValue",
    "Setting",
    "defaults",
    "gather_prosody",
    "gatherers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {ProsodyFacts: gather_prosody}
