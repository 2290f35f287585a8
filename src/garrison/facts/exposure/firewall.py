"""An adapter over the firewall pack's verdicts, for packs that must tolerate it missing or broken.

`port_access(store, port, proto, family)` asks `garrison.facts.firewall.FirewallFacts.input_verdict` and
reduces the answer to what the exposure and SIP rules need; None means the firewall state is unavailable
(pack absent, facts broken, or not gatherable on this target).
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.store import FactProblem, FactStore, SubjectAbsent
from garrison.model import Location


@dataclass(frozen=True, slots=True)
class PortAccess:
    state: str  # "open" (accepted from anywhere), "restricted" (from listed sources), "blocked", "unknown"
    location: Location | None = None  # the deciding rule or policy, None when no firewall decided
    detail: str = ""
    sources: tuple[str, ...] = ()
    by_policy: bool = False  # no rule decided: the chain policy (or no firewall at all) did

    @property
    def unfiltered(self) -> bool:
        """Open because nothing filters: no ruleset decided, or an ACCEPT policy with no rule for the port."""
        return self.state == "open" and (self.location is None or self.by_policy)


NO_FIREWALL = PortAccess("open", None, "no firewall configured")


def firewall_facts(store: FactStore) -> tuple[str, object | None]:
    """("present", facts), ("absent", None) when the host has no firewall at all, or ("unavailable", None)."""
    try:
        from garrison.facts.firewall.model import FirewallFacts
    except ImportError:
        return "unavailable", None
    try:
        return "present", store.get(FirewallFacts)
    except SubjectAbsent:
        return "absent", None
    except (FactProblem, LookupError):  # broken, live-only, or the pack registers no gatherer
        return "unavailable", None


def port_access(store: FactStore, port: int, proto: str, family: str = "ipv4") -> PortAccess | None:
    state, facts = firewall_facts(store)
    if state == "absent":
        return NO_FIREWALL
    if facts is None or not hasattr(facts, "input_verdict"):
        return None
    disabled = getattr(facts, "ipv6_disabled", None)
    if family == "ipv6" and disabled is not None:
        return PortAccess("blocked", disabled, "IPv6 is disabled on this host")
    try:
        verdict = facts.input_verdict(port, proto, family)
    except Exception:  # the other pack's bug must not sink the exposure rules: state unknown
        return PortAccess("unknown", None, "firewall verdict unavailable")
    name = str(getattr(verdict, "verdict", "unknown"))
    location = getattr(verdict, "location", None)
    detail = str(getattr(verdict, "detail", ""))
    sources = tuple(str(s) for s in getattr(verdict, "restricted_to", ()) or ())
    policy = bool(getattr(verdict, "by_policy", False))
    if name == "accept":
        return PortAccess("restricted" if sources else "open", location, detail, sources, policy)
    if name in ("drop", "reject"):
        return PortAccess("blocked", location, detail, (), policy)
    return PortAccess("unknown", location, detail, (), policy)


_RANK = {"open": 3, "restricted": 2, "unknown": 1, "blocked": 0}


def widest(accesses: list[PortAccess | None]) -> PortAccess | None:
    """The most open of several answers (e.g. IPv4 and IPv6 for a dual-stack socket); None if any is None."""
    if not accesses or any(a is None for a in accesses):
        return None
    return max((a for a in accesses if a is not None), key=lambda a: _RANK[a.state])


def families_for(address: str) -> tuple[str, ...]:
    """The address families a socket bound to `address` receives (`::` and `*` are dual-stack on Linux)."""
    text = address.strip().strip("[]")
    if text in ("", "*", "::", "any"):
        return ("ipv4", "ipv6")
    if ":" in text:
        return ("ipv6",)
    return ("ipv4",)
