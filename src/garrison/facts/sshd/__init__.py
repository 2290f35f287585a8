"""sshd facts: OpenSSH server configuration as the installed sshd reads it (8.9, 9.2, 9.6 and 10.0 modelled;
Debian 12's 9.2 when the version is unknown).

Modules: lexer (line tokens), keywords (keyword table), values (argument checks), match (Match criteria),
algorithms (supported/default lists, +/-/^), defaults (compiled defaults), parse (one file), effective
(precedence, Match, Include state), dump (`sshd -T` output), hostkeys, gather (I/O). The releases and
their algorithm defaults are `garrison.data.ssh_releases`.
"""

from __future__ import annotations

from garrison.facts.sshd.algorithms import FAMILY_OF, assembled
from garrison.facts.sshd.match import match_pattern_list
from garrison.facts.sshd.model import (
    Directive,
    FileInfo,
    HostKey,
    MatchBlock,
    MissingInclude,
    Setting,
    SettingSource,
    SshdFacts,
    UnknownKeyword,
)
from garrison.facts.store import Gatherer, NeedsFacts
from garrison.options import AuditOptions

__all__ = [
    "FAMILY_OF",
    "Directive",
    "FileInfo",
    "HostKey",
    "MatchBlock",
    "MissingInclude",
    "Setting",
    "SettingSource",
    "SshdFacts",
    "UnknownKeyword",
    "assembled",
    "gatherers",
    "match_pattern_list",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.sshd.gather import gather_sshd

    return {SshdFacts: NeedsFacts(gather_sshd)}
