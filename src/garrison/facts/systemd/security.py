"""An exposure score per service unit, computed the way `systemd-analyze security` does (systemd 252).

`assess(unit)` derives the effective sandbox settings from the unit's assignments (with the implications
systemd adds when it loads a unit: DynamicUser= implies PrivateTmp=, RemoveIPC=, ProtectSystem=strict,
ProtectHome=read-only, NoNewPrivileges= and RestrictSUIDSGID=; PrivateDevices=, ProtectKernelModules=,
ProtectKernelLogs= and ProtectClock= drop capabilities) and scores them with `ASSESSORS`. Pure, never raises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from garrison.facts.systemd.effective import (
    allowed_namespaces,
    bool_setting,
    capability_set,
    ip_badness,
    restricted_families,
    syscall_badness,
    text_setting,
    umask_badness,
    words,
)
from garrison.facts.systemd.model import ServiceUnit, parse_bool
from garrison.facts.systemd.security_table import (
    ASSESSORS,
    CAPABILITIES,
    EXPOSURE_LEVELS,
    Assessor,
    AssessorKind,
)


@dataclass(frozen=True, slots=True)
class Assessment:
    exposure: float  # 0.0 .. 10.0, one decimal, as systemd-analyze prints it
    level: str  # "UNSAFE", "EXPOSED", ...
    worst: tuple[str, ...]  # the settings that add most to the exposure


def _user_badness(unit: ServiceUnit, dynamic: bool) -> int:
    user = text_setting(unit, "User")
    if user == "nobody":
        return 9
    if dynamic and user not in ("0", "root"):
        return 0
    return 0 if user and user not in ("0", "root") else 10


def runs_privileged(unit: ServiceUnit) -> bool:
    user = text_setting(unit, "User")
    if user in ("0", "root"):
        return True
    return False if bool_setting(unit, "DynamicUser") else not user


def _badness(a: Assessor, unit: ServiceUnit, caps: frozenset[str]) -> int | None:
    dynamic = bool_setting(unit, "DynamicUser")
    implied = {"PrivateTmp", "RemoveIPC", "NoNewPrivileges", "RestrictSUIDSGID"} if dynamic else set()
    kind = a.kind
    if kind is AssessorKind.BOOL:
        return 0 if a.param[0] in implied or bool_setting(unit, a.param[0]) else 1
    if kind is AssessorKind.CAPS:
        return 1 if caps & frozenset(a.param) else 0
    if kind is AssessorKind.NAMESPACES:
        return 1 if a.param[0] in allowed_namespaces(unit) else 0
    if kind is AssessorKind.FAMILY:
        return 0 if restricted_families(unit)[a.param[0]] else 1
    if kind is AssessorKind.SYSCALLS:
        return syscall_badness(unit, a.param[0])
    if kind is AssessorKind.USER:
        return _user_badness(unit, dynamic)
    if kind in (AssessorKind.SUPPLEMENTARY_GROUPS, AssessorKind.REMOVE_IPC):
        if runs_privileged(unit):
            return None
        if kind is AssessorKind.REMOVE_IPC:
            return 0 if dynamic or bool_setting(unit, "RemoveIPC") else 1
        return 1 if words(unit, "SupplementaryGroups") else 0
    return _option_badness(kind, unit, dynamic)


def _option_badness(kind: AssessorKind, unit: ServiceUnit, dynamic: bool) -> int | None:
    """The assessors that read one option's word (ProtectHome=, UMask=, DevicePolicy=, ...)."""
    if kind is AssessorKind.PROTECT_HOME:
        value = (
            "read-only" if dynamic and text_setting(unit, "ProtectHome", "no") in ("no", "false") else None
        )
        value = value or text_setting(unit, "ProtectHome", "no")
        flag = parse_bool(value)
        if flag is None:
            return {"read-only": 5, "tmpfs": 1}.get(value, 10)
        return 0 if flag else 10
    if kind is AssessorKind.PROTECT_SYSTEM:
        value = "strict" if dynamic else text_setting(unit, "ProtectSystem", "no")
        flag = parse_bool(value)
        if flag is None:
            return {"full": 3, "strict": 0}.get(value, 10)
        return 5 if flag else 10
    if kind is AssessorKind.ROOT_DIRECTORY:
        root = text_setting(unit, "RootDirectory") or text_setting(unit, "RootImage")
        return 0 if root not in ("", "/") else 1
    if kind is AssessorKind.UMASK:
        return umask_badness(unit)
    if kind is AssessorKind.KEYRING_MODE:
        return 0 if text_setting(unit, "KeyringMode", "private") == "private" else 1
    if kind is AssessorKind.PROTECT_PROC:
        value = text_setting(unit, "ProtectProc", "default")
        return 1 if value == "noaccess" else 0 if value in ("invisible", "ptraceable") else 3
    if kind is AssessorKind.PROC_SUBSET:
        return 0 if text_setting(unit, "ProcSubset", "all") == "pid" else 1
    if kind is AssessorKind.NOTIFY_ACCESS:
        return 1 if text_setting(unit, "NotifyAccess") == "all" else 0
    if kind is AssessorKind.DELEGATE:
        value = text_setting(unit, "Delegate", "no")
        flag = parse_bool(value)
        return (1 if flag else 0) if flag is not None else 1
    if kind is AssessorKind.SYSCALL_ARCHS:
        archs = words(unit, "SystemCallArchitectures")
        return 10 if not archs else 0 if "native" in archs else 8
    if kind is AssessorKind.IP_ADDRESS:
        return ip_badness(unit)
    if kind is AssessorKind.DEVICE_ALLOW:
        policy = text_setting(unit, "DevicePolicy", "auto")
        if policy == "auto" and bool_setting(unit, "PrivateDevices"):
            policy = "closed"
        if policy not in ("strict", "closed"):
            return 10
        return 5 if words(unit, "DeviceAllow") or bool_setting(unit, "ProtectClock") else 0
    if kind is AssessorKind.AMBIENT:
        ambient = capability_set(unit, "AmbientCapabilities", frozenset())
        return 1 if ambient else 0
    return None


def effective_capabilities(unit: ServiceUnit) -> frozenset[str]:
    """The bounding set after CapabilityBoundingSet= and the capabilities sandbox options take away."""
    caps = capability_set(unit, "CapabilityBoundingSet", frozenset(CAPABILITIES))
    for setting, dropped in (
        ("PrivateDevices", {"CAP_MKNOD", "CAP_SYS_RAWIO"}),
        ("ProtectKernelModules", {"CAP_SYS_MODULE"}),
        ("ProtectKernelLogs", {"CAP_SYSLOG"}),
        ("ProtectClock", {"CAP_SYS_TIME", "CAP_WAKE_ALARM"}),
    ):
        if bool_setting(unit, setting):
            caps = caps - dropped
    return caps


def assess(unit: ServiceUnit) -> Assessment:
    caps = effective_capabilities(unit)
    deps = unit.last("DefaultDependencies", "Unit")
    default_deps = deps is None or parse_bool(deps.value) is not False
    badness_sum = weight_sum = 0
    shares: list[tuple[int, str]] = []
    for item in ASSESSORS:
        if item.default_deps_only and not default_deps:
            continue
        badness = _badness(item, unit, caps)
        if badness is None:
            continue
        part = math.ceil(badness * item.weight / item.range)
        badness_sum += part
        weight_sum += item.weight
        if part:
            shares.append((part, item.id))
    tenths = math.ceil(badness_sum * 100 / weight_sum) if weight_sum else 0
    level = next(name for floor, name in EXPOSURE_LEVELS if tenths >= floor)
    worst = tuple(name for _, name in sorted(shares, key=lambda s: (-s[0], s[1]))[:5])
    return Assessment(tenths / 10, level, worst)
