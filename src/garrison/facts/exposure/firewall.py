"""The firewall's verdicts reduced to what the exposure and SIP rules need.

`port_access(firewall, port, proto, family)` asks `FirewallFacts.input_verdict`; `firewall` is the store's
answer for the firewall facts: `FirewallFacts`, `NO_FIREWALL_FACTS` when the host has none at all, or None
when its state is unavailable (broken files, or live state this target cannot give).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from garrison.facts.firewall import Family, FirewallFacts, Verdict
from garrison.facts.listeners import IpProtocol
from garrison.facts.store import FactProblem, FactStore, SubjectAbsent
from garrison.model import Location, SettingRef


class Access(StrEnum):
    """What the firewall lets through to a port, ranked from most to least open."""

    OPEN = "open"  # accepted from anywhere
    RESTRICTED = "restricted"  # accepted from listed sources only
    UNKNOWN = "unknown"  # a rule Garrison cannot evaluate decides
    BLOCKED = "blocked"  # dropped or rejected


@dataclass(frozen=True, slots=True)
class PortAccess:
    state: Access
    location: Location | None = None  # the deciding rule or policy, None when no firewall decided
    detail: str = ""
    sources: tuple[str, ...] = ()
    by_policy: bool = False  # no rule decided: the chain policy (or no firewall at all) did
    setting: SettingRef | None = None  # the deciding rule's chain or the policy, for evidence

    @property
    def unfiltered(self) -> bool:
        """Open because nothing filters: no ruleset decided, or an ACCEPT policy with no rule for the port."""
        return self.state is Access.OPEN and (self.location is None or self.by_policy)


NO_FIREWALL = PortAccess(Access.OPEN, None, "no firewall configured")


class _NoFirewall(Enum):
    TOKEN = "no firewall"


NO_FIREWALL_FACTS = _NoFirewall.TOKEN
FirewallState = FirewallFacts | _NoFirewall | None


def firewall_state(store: FactStore) -> FirewallState:
    """The firewall facts, `NO_FIREWALL_FACTS` when the host has no firewall, None when unavailable."""
    try:
        return store.get(FirewallFacts)
    except SubjectAbsent:
        return NO_FIREWALL_FACTS
    except FactProblem:
        return None


def port_access(
    firewall: FirewallState, port: int, proto: IpProtocol, family: Family = Family.IPV4
) -> PortAccess | None:
    if firewall is NO_FIREWALL_FACTS:
        return NO_FIREWALL
    if firewall is None:
        return None
    verdict = firewall.input_verdict(port, proto, family)
    sources = tuple(verdict.restricted_to)
    ref = None if verdict.location is None else firewall.setting_at(verdict.location)
    if verdict.verdict is Verdict.ACCEPT:
        state = Access.RESTRICTED if sources else Access.OPEN
    elif verdict.verdict in (Verdict.DROP, Verdict.REJECT):
        state, sources = Access.BLOCKED, ()
    else:
        state, sources = Access.UNKNOWN, ()
    return PortAccess(state, verdict.location, verdict.detail, sources, verdict.by_policy, ref)


_RANK = {Access.OPEN: 3, Access.RESTRICTED: 2, Access.UNKNOWN: 1, Access.BLOCKED: 0}


def widest(accesses: list[PortAccess | None]) -> PortAccess | None:
    """The most open of several answers (e.g. IPv4 and IPv6 for a dual-stack socket); None if any is None."""
    if not accesses or any(a is None for a in accesses):
        return None
    return max((a for a in accesses if a is not None), key=lambda a: _RANK[a.state])


def families_for(address: str) -> tuple[Family, ...]:
    """The address families a socket bound to `address` receives (`::` and `*` are dual-stack on Linux)."""
    text = address.strip().strip("[]")
    if text in ("", "*", "::", "any"):
        return (Family.IPV4, Family.IPV6)
    if ":" in text:
        return (Family.IPV6,)
    return (Family.IPV4,)
