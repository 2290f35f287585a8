"""systemd-analyze security's assessor table, as data (systemd 252, src/analyze/analyze-security.c).

Each row: the setting it names, its weight, its badness range and how badness is computed (`kind`, with
`param` naming the capabilities, namespaces, syscall group or flag it looks at). The weights and ranges are
those `SYSTEMD_ANALYZE_DEBUG=1 systemd-analyze security` prints for systemd 252; `default_deps_only` rows are
skipped for units with DefaultDependencies=no. The exposure is ceil(100 * sum(ceil(badness * weight /
range)) / sum(weight)) tenths, labelled by `EXPOSURE_LEVELS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class AssessorKind(StrEnum):
    """How an assessor's badness is computed (`security.py` `_badness`, one branch each)."""

    BOOL = "bool"
    CAPS = "caps"
    NAMESPACES = "namespaces"
    FAMILY = "family"
    SYSCALLS = "syscalls"
    USER = "user"
    SUPPLEMENTARY_GROUPS = "supplementary-groups"
    REMOVE_IPC = "remove-ipc"
    PROTECT_HOME = "protect-home"
    PROTECT_SYSTEM = "protect-system"
    ROOT_DIRECTORY = "root-directory"
    UMASK = "umask"
    KEYRING_MODE = "keyring-mode"
    PROTECT_PROC = "protect-proc"
    PROC_SUBSET = "proc-subset"
    NOTIFY_ACCESS = "notify-access"
    DELEGATE = "delegate"
    SYSCALL_ARCHS = "syscall-archs"
    IP_ADDRESS = "ip-address"
    DEVICE_ALLOW = "device-allow"
    AMBIENT = "ambient"


@dataclass(frozen=True, slots=True)
class Assessor:
    id: str
    weight: int
    range: int
    kind: AssessorKind
    param: tuple[str, ...] = ()
    default_deps_only: bool = False


def _cap(id_suffix: str, weight: int, *caps: str) -> Assessor:
    return Assessor(f"CapabilityBoundingSet=~{id_suffix}", weight, 1, AssessorKind.CAPS, caps)


def _ns(name: str, weight: int) -> Assessor:
    return Assessor(f"RestrictNamespaces=~{name}", weight, 1, AssessorKind.NAMESPACES, (name,))


def _sys(group: str, weight: int) -> Assessor:
    return Assessor(f"SystemCallFilter=~{group}", weight, 10, AssessorKind.SYSCALLS, (group,))


def _flag(setting: str, weight: int, *, deps_only: bool = False) -> Assessor:
    return Assessor(f"{setting}=", weight, 1, AssessorKind.BOOL, (setting,), deps_only)


ASSESSORS: tuple[Assessor, ...] = (
    Assessor("User=/DynamicUser=", 2000, 10, AssessorKind.USER),
    Assessor("SupplementaryGroups=", 200, 1, AssessorKind.SUPPLEMENTARY_GROUPS),
    _flag("PrivateDevices", 1000),
    _flag("PrivateMounts", 1000),
    _flag("PrivateNetwork", 2500),
    _flag("PrivateTmp", 1000, deps_only=True),
    _flag("PrivateUsers", 1000),
    _flag("ProtectControlGroups", 1000),
    _flag("ProtectKernelModules", 1000),
    _flag("ProtectKernelTunables", 1000),
    _flag("ProtectKernelLogs", 1000),
    _flag("ProtectClock", 1000),
    Assessor("ProtectHome=", 1000, 10, AssessorKind.PROTECT_HOME, default_deps_only=True),
    _flag("ProtectHostname", 50),
    Assessor("ProtectSystem=", 1000, 10, AssessorKind.PROTECT_SYSTEM, default_deps_only=True),
    Assessor("RootDirectory=/RootImage=", 200, 1, AssessorKind.ROOT_DIRECTORY, default_deps_only=True),
    _flag("LockPersonality", 100),
    _flag("MemoryDenyWriteExecute", 100),
    _flag("NoNewPrivileges", 1000),
    _cap("CAP_SYS_ADMIN", 1500, "CAP_SYS_ADMIN"),
    _cap("CAP_SET(UID|GID|PCAP)", 1500, "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP"),
    _cap("CAP_SYS_PTRACE", 1500, "CAP_SYS_PTRACE"),
    _cap("CAP_SYS_TIME", 1000, "CAP_SYS_TIME"),
    _cap("CAP_NET_ADMIN", 1000, "CAP_NET_ADMIN"),
    _cap("CAP_SYS_RAWIO", 1000, "CAP_SYS_RAWIO"),
    _cap("CAP_SYS_MODULE", 1000, "CAP_SYS_MODULE"),
    _cap("CAP_AUDIT_*", 500, "CAP_AUDIT_CONTROL", "CAP_AUDIT_READ", "CAP_AUDIT_WRITE"),
    _cap("CAP_SYSLOG", 500, "CAP_SYSLOG"),
    _cap("CAP_SYS_(NICE|RESOURCE)", 500, "CAP_SYS_NICE", "CAP_SYS_RESOURCE"),
    _cap("CAP_MKNOD", 500, "CAP_MKNOD"),
    _cap("CAP_(CHOWN|FSETID|SETFCAP)", 1000, "CAP_CHOWN", "CAP_FSETID", "CAP_SETFCAP"),
    _cap(
        "CAP_(DAC_*|FOWNER|IPC_OWNER)",
        1000,
        "CAP_DAC_OVERRIDE",
        "CAP_DAC_READ_SEARCH",
        "CAP_FOWNER",
        "CAP_IPC_OWNER",
    ),
    _cap("CAP_KILL", 500, "CAP_KILL"),
    _cap(
        "CAP_NET_(BIND_SERVICE|BROADCAST|RAW)",
        500,
        "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST",
        "CAP_NET_RAW",
    ),
    _cap("CAP_SYS_BOOT", 100, "CAP_SYS_BOOT"),
    _cap("CAP_MAC_*", 100, "CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE"),
    _cap("CAP_LINUX_IMMUTABLE", 75, "CAP_LINUX_IMMUTABLE"),
    _cap("CAP_IPC_LOCK", 50, "CAP_IPC_LOCK"),
    _cap("CAP_SYS_CHROOT", 50, "CAP_SYS_CHROOT"),
    _cap("CAP_BLOCK_SUSPEND", 25, "CAP_BLOCK_SUSPEND"),
    _cap("CAP_WAKE_ALARM", 25, "CAP_WAKE_ALARM"),
    _cap("CAP_LEASE", 25, "CAP_LEASE"),
    _cap("CAP_SYS_TTY_CONFIG", 25, "CAP_SYS_TTY_CONFIG"),
    _cap("CAP_SYS_PACCT", 25, "CAP_SYS_PACCT"),
    _cap("CAP_BPF", 25, "CAP_BPF"),
    Assessor("UMask=", 100, 10, AssessorKind.UMASK),
    Assessor("KeyringMode=", 1000, 1, AssessorKind.KEYRING_MODE),
    Assessor("ProtectProc=", 1000, 3, AssessorKind.PROTECT_PROC),
    Assessor("ProcSubset=", 10, 1, AssessorKind.PROC_SUBSET),
    Assessor("NotifyAccess=", 1000, 1, AssessorKind.NOTIFY_ACCESS),
    Assessor("RemoveIPC=", 100, 1, AssessorKind.REMOVE_IPC),
    Assessor("Delegate=", 100, 1, AssessorKind.DELEGATE),
    _flag("RestrictRealtime", 500),
    _flag("RestrictSUIDSGID", 1000),
    _ns("user", 1500),
    _ns("mnt", 500),
    _ns("ipc", 500),
    _ns("pid", 500),
    _ns("cgroup", 500),
    _ns("net", 500),
    _ns("uts", 100),
    Assessor("RestrictAddressFamilies=~AF_(INET|INET6)", 1500, 1, AssessorKind.FAMILY, ("inet",)),
    Assessor("RestrictAddressFamilies=~AF_UNIX", 25, 1, AssessorKind.FAMILY, ("unix",)),
    Assessor("RestrictAddressFamilies=~AF_NETLINK", 200, 1, AssessorKind.FAMILY, ("netlink",)),
    Assessor("RestrictAddressFamilies=~AF_PACKET", 1000, 1, AssessorKind.FAMILY, ("packet",)),
    Assessor("RestrictAddressFamilies=~…", 1250, 1, AssessorKind.FAMILY, ("other",)),
    Assessor("SystemCallArchitectures=", 1000, 10, AssessorKind.SYSCALL_ARCHS),
    _sys("@swap", 1000),
    _sys("@obsolete", 250),
    _sys("@clock", 1000),
    _sys("@cpu-emulation", 250),
    _sys("@debug", 1000),
    _sys("@mount", 1000),
    _sys("@module", 1000),
    _sys("@raw-io", 1000),
    _sys("@reboot", 1000),
    _sys("@privileged", 700),
    _sys("@resources", 700),
    Assessor("IPAddressDeny=", 1000, 10, AssessorKind.IP_ADDRESS),
    Assessor("DeviceAllow=", 1000, 10, AssessorKind.DEVICE_ALLOW),
    Assessor("AmbientCapabilities=", 500, 1, AssessorKind.AMBIENT),
)

#: (lowest exposure in tenths, label), most exposed first (analyze-security.c badness_table).
EXPOSURE_LEVELS: tuple[tuple[int, str], ...] = (
    (100, "DANGEROUS"),
    (90, "UNSAFE"),
    (75, "EXPOSED"),
    (50, "MEDIUM"),
    (10, "OK"),
    (1, "SAFE"),
    (0, "PERFECT"),
)

CAPABILITIES: tuple[str, ...] = (
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
    "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
    "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
)  # fmt: skip

NAMESPACES: tuple[str, ...] = ("cgroup", "ipc", "net", "mnt", "pid", "user", "uts")

_SCORED_GROUPS = frozenset(a.param[0] for a in ASSESSORS if a.kind is AssessorKind.SYSCALLS)

#: Scored syscall groups wholly inside a bigger group (systemd 252 seccomp-util.c): denying the big group
#: denies them all.
SYSCALL_SUBGROUPS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "@privileged": frozenset({"@clock", "@module", "@raw-io", "@reboot", "@swap"}),
        "@known": _SCORED_GROUPS,
    }
)

#: Scored groups an allow-listed group shares system calls with (`@system-service` holds @chown and
#: @setuid, parts of @privileged, and all of @resources; @privileged shares calls with @mount and @obsolete).
SYSCALL_OVERLAPS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "@system-service": frozenset({"@privileged", "@resources"}),
        "@chown": frozenset({"@privileged"}),
        "@setuid": frozenset({"@privileged"}),
        "@privileged": frozenset({"@mount", "@obsolete"}),
        "@known": _SCORED_GROUPS,
    }
)
