"""Package facts: installed packages (dpkg), APT configuration and sources, the security suite's lists,
the reboot flag and running kernel, processes mapping deleted libraries, and systemd unit enablement."""

from __future__ import annotations

from garrison.facts.packages.aptconf import PERIODIC_DEFAULTS, AptConfig, AptSetting
from garrison.facts.packages.dpkg import DpkgPackage, PackagesFacts
from garrison.facts.packages.gather import gather_apt_config, gather_packages
from garrison.facts.packages.lists import LISTS_DIR, Candidate, SecurityIndex, newer
from garrison.facts.packages.reboot import (
    OSRELEASE,
    REBOOT_REQUIRED,
    RebootFacts,
    installed_kernels,
    kernel_release,
)
from garrison.facts.packages.restarts import RestartFacts, StaleProcess
from garrison.facts.packages.services import SystemdUnitsFacts, UnitState, UnitStatus, gather_systemd_units
from garrison.facts.packages.sources import INSECURE_OPTIONS, SOURCES_LIST, AptSource, AptSources, apt_bool
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = [
    "INSECURE_OPTIONS",
    "LISTS_DIR",
    "OSRELEASE",
    "PERIODIC_DEFAULTS",
    "REBOOT_REQUIRED",
    "SOURCES_LIST",
    "AptConfig",
    "AptSetting",
    "AptSource",
    "AptSources",
    "Candidate",
    "DpkgPackage",
    "PackagesFacts",
    "RebootFacts",
    "RestartFacts",
    "SecurityIndex",
    "StaleProcess",
    "SystemdUnitsFacts",
    "UnitState",
    "UnitStatus",
    "apt_bool",
    "gatherers",
    "installed_kernels",
    "kernel_release",
    "newer",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.packages.hostgather import (
        gather_apt_sources,
        gather_reboot,
        gather_restarts,
        gather_security_index,
    )

    return {
        PackagesFacts: gather_packages,
        AptConfig: gather_apt_config,
        SystemdUnitsFacts: gather_systemd_units,
        AptSources: gather_apt_sources,
        SecurityIndex: gather_security_index,
        RebootFacts: gather_reboot,
        RestartFacts: gather_restarts,
    }
