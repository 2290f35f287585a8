"""What a unit's sandbox settings amount to after systemd's list and reset semantics (systemd.exec(5), 252).

Capabilities: lists OR together, `~` lists remove, an empty assignment empties the set. Namespaces: yes/no
or a list that allows, `~` a list that forbids. Address families: the first list decides allow/deny mode.
System call filters: an allow list, with `~` entries removing from it, or a deny list. Pure, never raise.
"""

from __future__ import annotations

import ipaddress

from garrison.facts.systemd.model import ServiceUnit, parse_bool
from garrison.facts.systemd.security_table import NAMESPACES, SYSCALL_OVERLAPS, SYSCALL_SUBGROUPS

_FAMILY_CLASS = {"AF_INET": "inet", "AF_INET6": "inet", "AF_UNIX": "unix", "AF_NETLINK": "netlink"}
_FAMILY_CLASS["AF_PACKET"] = "packet"
_LOOPBACK_WORDS = frozenset({"localhost"})
_ANY_WORDS = frozenset({"any"})


def bool_setting(unit: ServiceUnit, key: str, default: bool = False) -> bool:
    for item in reversed(unit.all_of(key)):
        value = parse_bool(item.value)
        if value is not None:
            return value
    return default


def text_setting(unit: ServiceUnit, key: str, default: str = "") -> str:
    found = unit.last(key)
    return found.value.strip() if found is not None else default


def words(unit: ServiceUnit, key: str) -> list[str]:
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


def syscall_badness(unit: ServiceUnit, group: str) -> int:
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


def ip_badness(unit: ServiceUnit) -> int:
    deny = words(unit, "IPAddressDeny")
    if not any(w in _ANY_WORDS or w in ("0.0.0.0/0", "::/0") for w in deny):
        return 10
    allow = words(unit, "IPAddressAllow")
    if any(not _loopback(w) for w in allow):
        return 5
    return 2 if allow else 0


def _loopback(word: str) -> bool:
    if word in _LOOPBACK_WORDS:
        return True
    try:
        return ipaddress.ip_network(word, strict=False).is_loopback
    except ValueError:
        return False


def umask_badness(unit: ServiceUnit) -> int:
    try:
        mask = int(text_setting(unit, "UMask", "0022"), 8)
    except ValueError:
        mask = 0o022
    for bit, badness in ((0o002, 10), (0o004, 5), (0o020, 2), (0o040, 1)):
        if not mask & bit:
            return badness
    return 0
