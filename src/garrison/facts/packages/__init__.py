"""Package facts: installed packages (dpkg), APT configuration and systemd unit enablement."""

from __future__ import annotations

from garrison.facts.packages.aptconf import PERIODIC_DEFAULTS, AptConfig
from garrison.facts.packages.dpkg import DpkgPackage, PackagesFacts
from garrison.facts.packages.gather import gather_apt_config, gather_packages
from garrison.facts.packages.services import SystemdUnitsFacts, UnitState, UnitStatus, gather_systemd_units
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = [
    "PERIODIC_DEFAULTS",
    "AptConfig",
    "DpkgPackage",
    "PackagesFacts",
    "SystemdUnitsFacts",
    "UnitState",
    "UnitStatus",
    "gatherers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {
        PackagesFacts: gather_packages,
        AptConfig: gather_apt_config,
        SystemdUnitsFacts: gather_systemd_units,
    }
