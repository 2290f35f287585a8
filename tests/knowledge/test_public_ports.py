"""The public-service port table is consistent: valid ports, one entry per port and protocol, each with its
source, and none that the exposure table restricts (a port cannot be both public and trusted-only)."""

from __future__ import annotations

from garrison.data.public_ports import PUBLIC_PORTS, public_port_keys
from garrison.facts.exposure import Exposure, policy_table


def test_entries_are_valid_and_unique() -> None:
    keys = [(p.port, p.proto) for p in PUBLIC_PORTS]
    assert len(keys) == len(set(keys))
    assert keys == sorted(keys, key=lambda k: (k[0], k[1].value))
    for entry in PUBLIC_PORTS:
        assert 0 < entry.port <= 65535 and entry.service and entry.source


def test_no_entry_contradicts_the_exposure_table() -> None:
    for key, policy in policy_table().items():
        port, proto = key.split("/")
        if policy.policy is not Exposure.PUBLIC:
            assert (int(port), proto) not in public_port_keys(), key
