"""sshd facts: OpenSSH server configuration as sshd 9.2p1 (Debian 12) reads it.

Modules: lexer (line tokens), keywords (keyword table), values (argument checks), match (Match criteria),
algorithms (supported/default lists, +/-/^), defaults (compiled defaults), parse (one file), effective
(precedence, Match, Include state), dump (`sshd -T` output), hostkeys, gather (I/O).
"""

from __future__ import annotations

from garrison.facts.store import Gatherer
from garrison.options import AuditOptions


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.sshd.gather import gather_sshd
    from garrison.facts.sshd.model import SshdFacts

    return {SshdFacts: gather_sshd}
