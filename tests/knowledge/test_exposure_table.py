"""The exposure port table loads as typed records (port, IpProtocol, Exposure), one per port/protocol, and a
malformed entry is refused by name rather than read as something else."""

from __future__ import annotations

import pytest

from garrison.facts.exposure.policy import Exposure, PortPolicy, builtin_policy, policy_table, port_policy
from garrison.facts.listeners import IpProtocol

GOOD = {"port": 5280, "proto": "tcp", "policy": "trusted", "service": "admin", "source": "guide 002"}


def test_entries_are_typed_and_unique() -> None:
    entries = builtin_policy()
    assert len({e.key for e in entries}) == len(entries)
    for entry in entries:
        assert isinstance(entry.proto, IpProtocol) and isinstance(entry.policy, Exposure), entry
        assert all(word == word.lower() for word in entry.services), entry
    assert {e.policy for e in entries} == set(Exposure), "every class is used by some port"


def test_an_entry_is_read_by_name() -> None:
    assert port_policy(GOOD) == PortPolicy(
        port=5280, proto=IpProtocol.TCP, policy=Exposure.TRUSTED, service="admin", source="guide 002"
    )
    assert port_policy({**GOOD, "services": ["SIPREC"]}).services == ("siprec",)


@pytest.mark.parametrize(
    "change",
    [{"port": 0}, {"port": "22"}, {"proto": "sctp"}, {"policy": "open"}, {"service": ""}, {"colour": "red"}],
)
def test_a_bad_entry_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="exposure entry"):
        port_policy({**GOOD, **change})


def test_overrides_are_typed_too() -> None:
    table = policy_table({"9000/UDP": "Blocked", "22": "public", "7/xyz": "public"})
    assert table["9000/udp"].policy is Exposure.BLOCKED and table["9000/udp"].proto is IpProtocol.UDP
    assert table["22/tcp"].policy is Exposure.PUBLIC and "7/xyz" not in table
