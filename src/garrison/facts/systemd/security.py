"""An exposure score per service unit, computed the way `systemd-analyze security` does (systemd 252).

`assess(unit)` derives the effective sandbox settings from the unit's assignments (with the implications
systemd adds when it loads a unit: DynamicUser= implies PrivateTmp=, RemoveIPC=, ProtectSystem=strict,
ProtectHome=read-only, NoNewPrivileges= and RestrictSUIDSGID=; PrivateDevices=, ProtectKernelModules=,
ProtectKernelLogs= and ProtectClock= drop capabilities) and scores them with `ASSESSORS`. Pure, never raises.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass

from garrison.facts.systemd.model import ServiceUnit, parse_bool
from garrison.facts.systemd.security_table import (
    ASSESSORS,
    CAPABILITIES,
    EXPOSURE_LEVELS,
    NAMESPACES,
    SYSCALL_OVERLAPS,
    SYSCALL_SUBGROUPS,
    Assessor,
)

_FAMILY_CLASS = {"AF_INET": "inet", "AF_INET6": "inet", "AF_UNIX": "unix", "AF_NETLINK": "netlink"}
_FAMILY_CLASS["AF_PACKET"] = "packet"
_LOOPBACK_WORDS = frozenset({"localhost"})
_ANY_WORDS = frozenset({"any"})


@dataclass(frozen=True, slots=True)
class Assessment:
    exposure: float  # 0.0 .. 10.0, one decimal, as systemd-analyze prints it
    level: str  # "UNSAFE", "EXPOSED", ...
    worst: tuple[str, ...]  # the settings that add most to the exposure


def _bool(unit: ServiceUnit, key: str, default: bool = False) -> bool:
    for item in reversed(unit.all_of(key)):
        value = parse_bool(item.value)
        if value is not None:
            return value
    return default


def _text(unit: ServiceUnit, key: str, default: str = "") -> str:
    found = unit.last(key)
    return found.value.strip() if found is not None else default


def _words(unit: ServiceUnit, key: str) -> list[str]:
    return [word for item in unit.list_of(key) for word in item.value.split()]


def capability_set(unit: ServiceUnit, key: str, initial: frozenset[str]) -> frozenset[str]:
    """CapabilityBoundingSet=/AmbientCapabilities= semantics: lists OR together, `~` lists remove."""
    current = initial
    touched = False
    for item in unit.all_of(key):
        value = item.value.strip()
        if not value:
            current, touched = frozenset(), True
            continue
        invert = value.startswith("~")
        names = frozenset(w.upper() for w in value.lstrip("~").split())
        if invert:
            current = current - names
        elif touched:
            current = current | names
        else:
            current = names
        touched = True
    return current


def allowed_namespaces(unit: ServiceUnit) -> frozenset[str]:
    allowed = frozenset(NAMESPACES)
    first = True
    for item in unit.all_of("RestrictNamespaces"):
        value = item.value.strip()
        flag = parse_bool(value)
        if not value:
            allowed, first = frozenset(NAMESPACES), True
        elif flag is not None:
            allowed, first = (frozenset() if flag else frozenset(NAMESPACES)), False
        elif value.startswith("~"):
            allowed, first = allowed - frozenset(value[1:].split()), False
        else:
            names = frozenset(value.split())
            allowed, first = (names if first else allowed | names), False
    return allowed


def restricted_families(unit: ServiceUnit) -> dict[str, bool]:
    """Which family classes are restricted (True) after RestrictAddressFamilies=."""
    allow_list: bool | None = None
    listed: set[str] = set()
    for item in unit.all_of("RestrictAddressFamilies"):
        value = item.value.strip()
        if not value:
            allow_list, listed = None, set()
            continue
        if value == "none":
            allow_list, listed = True, set()
            continue
        invert = value.startswith("~")
        names = set(value.lstrip("~").split())
        if allow_list is None:
            allow_list, listed = not invert, names
        elif allow_list != invert:
            listed |= names
        else:
            listed -= names
    mode = bool(allow_list)
    restricted = {key: mode for key in ("inet", "unix", "netlink", "packet", "other")}
    for name in listed:
        restricted[_FAMILY_CLASS.get(name, "other")] = not mode
    return restricted


def _syscall_badness(unit: ServiceUnit, group: str) -> int:
    """10: the group is not filtered; 9: an allow list lets some of it through; 0: filtered out."""
    allow: set[str] | None = None
    removed: set[str] = set()
    denied: set[str] = set()
    for item in unit.all_of("SystemCallFilter"):
        value = item.value.strip()
        if not value:
            allow, removed, denied = None, set(), set()
            continue
        invert = value.startswith("~")
        names = set(value.lstrip("~").split())
        if allow is None and not denied and not invert:
            allow = set(names)
        elif allow is not None:
            (removed if invert else allow).update(names)
        elif invert:
            denied.update(names)
        else:
            denied.difference_update(names)

    def covers(groups: set[str]) -> bool:
        return group in groups or any(group in SYSCALL_SUBGROUPS.get(g, ()) for g in groups)

    if allow is not None:
        touches = any(
            g == group
            or g in SYSCALL_SUBGROUPS.get(group, ())
            or group in SYSCALL_SUBGROUPS.get(g, ())
            or group in SYSCALL_OVERLAPS.get(g, ())
            for g in allow
        )
        return 9 if touches and not covers(removed) else 0
    return 0 if covers(denied) else 10


def _ip_badness(unit: ServiceUnit) -> int:
    deny = _words(unit, "IPAddressDeny")
    if not any(w in _ANY_WORDS or w in ("0.0.0.0/0", "::/0") for w in deny):
        return 10
    allow = _words(unit, "IPAddressAllow")
    if any(not _loopback(w) for w in allow):
        return 5
    return 2 if allow else 0


def _loopback(word: str) -> bool:
    if word in _LOOPBACK_WORDS:
        return True
    try:
        return ipaddress.ip_network(word, strict=False).subnet_of(ipaddress.ip_network("127.0.0.0/8")) or (
            ipaddress.ip_network(word, strict=False) == ipaddress.ip_network("::1/128")
        )
    except (ValueError, TypeError):
        return False


def _umask_badness(unit: ServiceUnit) -> int:
    try:
        mask = int(_text(unit, "UMask", "0022"), 8)
    except ValueError:
        mask = 0o022
    for bit, badness in ((0o002, 10), (0o004, 5), (0o020, 2), (0o040, 1)):
        if not mask & bit:
            return badness
    return 0


def _user_badness(unit: ServiceUnit, dynamic: bool) -> int:
    user = _text(unit, "User")
    if user == "nobody":
        return 9
    if dynamic and user not in ("0", "root"):
        return 0
    return 0 if user and user not in ("0", "root") else 10


def runs_privileged(unit: ServiceUnit) -> bool:
    user = _text(unit, "User")
    if user in ("0", "root"):
        return True
    return False if _bool(unit, "DynamicUser") else not user


def _badness(a: Assessor, unit: ServiceUnit, caps: frozenset[str]) -> int | None:
    dynamic = _bool(unit, "DynamicUser")
    implied = {"PrivateTmp", "RemoveIPC", "NoNewPrivileges", "RestrictSUIDSGID"} if dynamic else set()
    kind = a.kind
    if kind == "bool":
        return 0 if a.param[0] in implied or _bool(unit, a.param[0]) else 1
    if kind == "caps":
        return 1 if caps & frozenset(a.param) else 0
    if kind == "namespaces":
        return 1 if a.param[0] in allowed_namespaces(unit) else 0
    if kind == "family":
        return 0 if restricted_families(unit)[a.param[0]] else 1
    if kind == "syscalls":
        return _syscall_badness(unit, a.param[0])
    if kind == "user":
        return _user_badness(unit, dynamic)
    if kind in ("supplementary-groups", "remove-ipc"):
        if runs_privileged(unit):
            return None
        if kind == "remove-ipc":
            return 0 if dynamic or _bool(unit, "RemoveIPC") else 1
        return 1 if _words(unit, "SupplementaryGroups") else 0
    if kind == "protect-home":
        value = "read-only" if dynamic and _text(unit, "ProtectHome", "no") in ("no", "false") else None
        value = value or _text(unit, "ProtectHome", "no")
        flag = parse_bool(value)
        if flag is None:
            return {"read-only": 5, "tmpfs": 1}.get(value, 10)
        return 0 if flag else 10
    if kind == "protect-system":
        value = "strict" if dynamic else _text(unit, "ProtectSystem", "no")
        flag = parse_bool(value)
        if flag is None:
            return {"full": 3, "strict": 0}.get(value, 10)
        return 5 if flag else 10
    if kind == "root-directory":
        root = _text(unit, "RootDirectory") or _text(unit, "RootImage")
        return 0 if root not in ("", "/") else 1
    if kind == "umask":
        return _umask_badness(unit)
    if kind == "keyring-mode":
        return 0 if _text(unit, "KeyringMode", "private") == "private" else 1
    if kind == "protect-proc":
        value = _text(unit, "ProtectProc", "default")
        return 1 if value == "noaccess" else 0 if value in ("invisible", "ptraceable") else 3
    if kind == "proc-subset":
        return 0 if _text(unit, "ProcSubset", "all") == "pid" else 1
    if kind == "notify-access":
        return 1 if _text(unit, "NotifyAccess") == "all" else 0
    if kind == "delegate":
        value = _text(unit, "Delegate", "no")
        flag = parse_bool(value)
        return (1 if flag else 0) if flag is not None else 1
    if kind == "syscall-archs":
        archs = _words(unit, "SystemCallArchitectures")
        return 10 if not archs else 0 if "native" in archs else 8
    if kind == "ip-address":
        return _ip_badness(unit)
    if kind == "device-allow":
        policy = _text(unit, "DevicePolicy", "auto")
        if policy == "auto" and _bool(unit, "PrivateDevices"):
            policy = "closed"
        if policy not in ("strict", "closed"):
            return 10
        return 5 if _words(unit, "DeviceAllow") or _bool(unit, "ProtectClock") else 0
    if kind == "ambient":
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
        if _bool(unit, setting):
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
