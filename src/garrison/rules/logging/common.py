"""Helpers shared by the logging rules: a daemon's enablement as evidence."""

from __future__ import annotations

from garrison.facts.packages import SystemdUnitsFacts, UnitState, UnitStatus
from garrison.model import Dialect, Evidence
from garrison.rules.expect import Effective, equals

#: The states in which a unit runs after a boot.
RUNS = frozenset({UnitState.ENABLED, UnitState.STATIC})
#: Where `systemctl enable` links a service ([Install] WantedBy=), for an absent unit's evidence.
WANTS = "/etc/systemd/system/{target}.target.wants"


def enablement(status: UnitStatus, target: str = "multi-user") -> Evidence:
    """The unit's enablement (its .wants link, mask or unit file), expected `enabled`; an absent unit is cited
    where `systemctl enable` would link it (`target`: its WantedBy= target)."""
    if status.state is UnitState.ABSENT:
        where = f"{WANTS.format(target=target)}/{status.name}"
        value = Effective.default(Dialect.SYSTEMD_ENABLEMENT, where, status.name, "not installed")
        return value.cite("installed and enabled", wanted=equals("enabled"))
    state = str(status.state)
    return Effective(state, state, status.setting, status.where.line).cite(
        "enabled", wanted=equals("enabled")
    )


def runs(units: SystemdUnitsFacts, unit: str) -> bool:
    return units.status(unit).state in RUNS
