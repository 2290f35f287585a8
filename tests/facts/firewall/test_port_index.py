"""The port index of long chains gives exactly the verdicts of a full first-match scan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.firewall import verdict
from garrison.facts.firewall.model import Action, Chain, Family, FwRule, PortRange, Ruleset, RulesetKind
from garrison.model import Location

TARGETS = ("ACCEPT", "DROP", "REJECT", "RETURN")


def make_rule(
    i: int, low: int, width: int, target: str, negated: bool, source: bool, anyport: bool
) -> FwRule:
    return FwRule(
        location=Location("/etc/iptables/rules.v4", i + 1),
        text=f"rule {i}",
        target=target,
        proto="tcp",
        dports=() if anyport else (PortRange(low, low + width),),
        dports_negated=negated and not anyport,
        source="10.0.0.0/8" if source else None,
    )


rules_strategy = st.lists(
    st.tuples(
        st.integers(1, 300),
        st.sampled_from((0, 0, 0, 3, 100)),
        st.sampled_from(TARGETS),
        st.booleans(),
        st.booleans(),
        st.integers(0, 9).map(lambda n: n == 0),
    ),
    min_size=70,
    max_size=160,
)


@settings(max_examples=40, deadline=None)
@given(rules_strategy, st.sampled_from((Action.DROP, Action.ACCEPT)))
def test_index_agrees_with_a_full_scan(
    specs: list[tuple[int, int, str, bool, bool, bool]], policy: Action
) -> None:
    rules = tuple(make_rule(i, *spec) for i, spec in enumerate(specs))
    indexed = Ruleset("test", RulesetKind.IPTABLES, Family.IPV4, (Chain("INPUT", rules, "input", policy),))
    scanned = Ruleset("test", RulesetKind.IPTABLES, Family.IPV4, (Chain("INPUT", rules, "input", policy),))
    with pytest.MonkeyPatch.context() as patch:
        for port in range(1, 420, 7):
            packet = verdict.Packet("tcp", port, Family.IPV4)
            patch.setattr(verdict, "_INDEXED_CHAIN", 1)
            fast = verdict.packet_verdict([indexed], "input", packet)
            patch.setattr(verdict, "_INDEXED_CHAIN", 10**9)
            slow = verdict.packet_verdict([scanned], "input", packet)
            assert fast == slow, port
