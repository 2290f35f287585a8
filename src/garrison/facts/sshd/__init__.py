"""sshd facts: OpenSSH server configuration as sshd 9.2p1 (Debian 12) reads it.

Modules: lexer (line tokens), keywords (keyword table), values (argument checks), match (Match criteria),
algorithms (supported/default lists, +/-/^), defaults (compiled defaults), parse (one file), effective
(precedence, Match, Include state), dump (`sshd -T` output), hostkeys, gather (I/O).
"""

from __future__ import annotations

from garrison.facts.sshd.algorithms import FAMILY_OF, assembled
from garrison.facts.sshd.match import match_pattern_list
from garrison.facts.sshd.model import (
    Directive,
    FileInfo,
    HostKey,
    MatchBlock,
    Setting,
    SettingSource,
    SshdFacts,
)
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = [
    "FAMILY_OF",
    "Directive",
    "FileInfo",
    "HostKey",
    "MatchBlock",
    "Setting",
    "SettingSource",
    "SshdFacts",
    "assembled",
    "gatherers",
    "match_pattern_list",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.sshd.gather import gather_sshd

    return {SshdFacts: gather_sshd}
