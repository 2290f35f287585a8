"""sysctl facts: kernel parameters persisted in sysctl.d(5) files, their built-in defaults, runtime values."""

from __future__ import annotations

from garrison.facts.store import Gatherer
from garrison.facts.sysctl.defaults import GUIDE_SETTINGS, kernel_default
from garrison.facts.sysctl.effective import BootValue
from garrison.facts.sysctl.gather import gather_sysctl
from garrison.facts.sysctl.model import Origin, SysctlAssignment, SysctlFacts, dotted, normalize_key
from garrison.facts.sysctl.parse import parse_sysctl_conf
from garrison.options import AuditOptions

__all__ = [
    "GUIDE_SETTINGS",
    "BootValue",
    "Origin",
    "SysctlAssignment",
    "SysctlFacts",
    "dotted",
    "gather_sysctl",
    "gatherers",
    "kernel_default",
    "normalize_key",
    "parse_sysctl_conf",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {SysctlFacts: gather_sysctl}
