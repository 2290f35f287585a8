"""Host firewall facts: iptables (live and saved), nftables (live JSON and /etc/nftables.conf) and ufw.

Everything is normalised into `FirewallFacts` (see `model`); `FirewallFacts.input_verdict(port, proto,
family)` answers "what happens to a new connection to this port from an arbitrary source" with first-match
semantics (see `verdict`). Other packs (exposure, SIP) use that query; the firewall rules ask the facts'
other methods (`default_verdict`, `reachable_rules`, `explicit_drop`, `home`, `setting_at`, ...).
"""

from __future__ import annotations

from garrison.facts.firewall.model import (
    Action,
    Family,
    FirewallFacts,
    FwRule,
    PersistenceKind,
    PortRange,
    PortVerdict,
    Ruleset,
    RulesetKind,
    Verdict,
)
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = [
    "Action",
    "Family",
    "FirewallFacts",
    "FwRule",
    "PersistenceKind",
    "PortRange",
    "PortVerdict",
    "Ruleset",
    "RulesetKind",
    "Verdict",
    "gatherers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.firewall.gather import gather_firewall

    return {FirewallFacts: gather_firewall}
