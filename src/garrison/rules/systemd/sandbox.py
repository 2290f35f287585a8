"""systemd sandboxing switches from guide 001's service template, plus the system call filter
(systemd.exec(5), systemd 252 defaults).

Every switch here defaults to off; each rule judges every audited service unit (fragment plus drop-ins).
"""

from __future__ import annotations

from garrison.facts.systemd import ServiceUnit, SystemdFacts, syscall_badness
from garrison.model import Outcome, Severity, failed, passed
from garrison.rules.registry import rule
from garrison.rules.systemd.common import as_set, cite, expect_flag, judge_units, placeholder

_REF = ("guide:001 Runtime Security / Process Isolation",)


@rule(
    id="systemd.no-new-privileges",
    title="Service units set NoNewPrivileges=yes",
    problem="A service unit does not set NoNewPrivileges=yes",
    severity=Severity.MEDIUM,
    rationale="Without it a compromised service can gain privileges through setuid binaries or file "
    "capabilities it executes.",
    remediation="NoNewPrivileges=yes  (in the [Service] section or a drop-in: systemctl edit <unit>)",
    references=_REF,
)
def no_new_privileges(systemd: SystemdFacts) -> Outcome:
    check = expect_flag("NoNewPrivileges", implied_by_dynamic_user=True)
    return judge_units(systemd, check, "NoNewPrivileges=yes")


@rule(
    id="systemd.private-tmp",
    title="Service units use a private /tmp",
    problem="A service unit shares the system /tmp",
    severity=Severity.MEDIUM,
    rationale="A shared /tmp lets a compromised service read other programs' temporary files and plant "
    "symlink or race attacks against them.",
    remediation="PrivateTmp=yes",
    references=_REF,
)
def private_tmp(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, expect_flag("PrivateTmp", implied_by_dynamic_user=True), "PrivateTmp=yes")


@rule(
    id="systemd.protect-kernel-tunables",
    title="Service units cannot change kernel tunables",
    problem="A service unit can change kernel tunables",
    severity=Severity.MEDIUM,
    rationale="Write access to /proc/sys and /sys lets a compromised root service switch off kernel "
    "hardening such as ASLR or ptrace restrictions.",
    remediation="ProtectKernelTunables=yes",
    references=_REF,
)
def protect_kernel_tunables(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, expect_flag("ProtectKernelTunables"), "ProtectKernelTunables=yes")


@rule(
    id="systemd.protect-kernel-modules",
    title="Service units cannot load kernel modules",
    problem="A service unit can load kernel modules",
    severity=Severity.MEDIUM,
    rationale="A service that may load modules can, once compromised, insert a rootkit into the kernel.",
    remediation="ProtectKernelModules=yes",
    references=_REF,
)
def protect_kernel_modules(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, expect_flag("ProtectKernelModules"), "ProtectKernelModules=yes")


@rule(
    id="systemd.protect-control-groups",
    title="Service units cannot modify control groups",
    problem="A service unit can modify control groups",
    severity=Severity.LOW,
    rationale="Write access to the cgroup tree lets a compromised service lift its own resource limits or "
    "interfere with other services.",
    remediation="ProtectControlGroups=yes",
    references=_REF,
)
def protect_control_groups(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, expect_flag("ProtectControlGroups"), "ProtectControlGroups=yes")


@rule(
    id="systemd.restrict-realtime",
    title="Service units cannot take realtime scheduling",
    problem="A service unit can take realtime scheduling",
    severity=Severity.LOW,
    rationale="Realtime scheduling lets a runaway or hostile service starve the rest of the system of CPU.",
    remediation="RestrictRealtime=yes",
    references=_REF,
)
def restrict_realtime(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, expect_flag("RestrictRealtime"), "RestrictRealtime=yes")


@rule(
    id="systemd.restrict-suid-sgid",
    title="Service units cannot create setuid or setgid files",
    problem="A service unit can create setuid or setgid files",
    severity=Severity.MEDIUM,
    rationale="A compromised service able to create setuid files can leave a backdoor that runs with its "
    "identity or a group's for any local user.",
    remediation="RestrictSUIDSGID=yes",
    references=_REF,
)
def restrict_suid_sgid(systemd: SystemdFacts) -> Outcome:
    check = expect_flag("RestrictSUIDSGID", implied_by_dynamic_user=True)
    return judge_units(systemd, check, "RestrictSUIDSGID=yes")


@rule(
    id="systemd.lock-personality",
    title="Service units lock the execution domain",
    problem="A service unit can change its execution domain",
    severity=Severity.LOW,
    rationale="Changing the personality (execution domain) re-enables legacy ABIs that have carried kernel "
    "exploits; a service never needs it.",
    remediation="LockPersonality=yes",
    references=_REF,
)
def lock_personality(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, expect_flag("LockPersonality"), "LockPersonality=yes")


@rule(
    id="systemd.private-devices",
    title="Service units see no physical devices",
    problem="A service unit sees physical devices",
    severity=Severity.MEDIUM,
    rationale="Without a private /dev a compromised root service can read raw disks and memory devices.",
    remediation="PrivateDevices=yes",
    references=("systemd-analyze security: PrivateDevices=",),
)
def private_devices(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, expect_flag("PrivateDevices"), "PrivateDevices=yes")


@rule(
    id="systemd.protect-kernel-logs",
    title="Service units cannot read or write the kernel log",
    problem="A service unit can read or write the kernel log",
    severity=Severity.LOW,
    rationale="The kernel ring buffer leaks kernel addresses that help an exploit, and writing to it can "
    "forge log entries.",
    remediation="ProtectKernelLogs=yes",
    references=("systemd-analyze security: ProtectKernelLogs=",),
)
def protect_kernel_logs(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, expect_flag("ProtectKernelLogs"), "ProtectKernelLogs=yes")


@rule(
    id="systemd.protect-clock",
    title="Service units cannot set the system clock",
    problem="A service unit can set the system clock",
    severity=Severity.LOW,
    rationale="A service able to change the clock can make expired certificates and old TOTP codes valid "
    "again and scramble the timeline of the logs.",
    remediation="ProtectClock=yes",
    references=("systemd-analyze security: ProtectClock=",),
)
def protect_clock(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, expect_flag("ProtectClock"), "ProtectClock=yes")


#: Syscall groups no network service needs; @system-service leaves all of them out.
NEVER_NEEDED = ("@debug", "@module", "@mount", "@raw-io", "@reboot", "@swap")


def _syscalls(unit: ServiceUnit) -> Outcome:
    entries = unit.all_of("SystemCallFilter")
    where = entries[-1] if entries else None
    if (problem := placeholder(unit, "SystemCallFilter", entries)) is not None:
        return problem
    allowed = [group for group in NEVER_NEEDED if syscall_badness(unit, group)]
    if allowed:
        actual = where.value if where is not None else "no filter"
        return failed(
            f"{unit.name}: system calls of {' '.join(allowed)} are allowed",
            cite(unit, "SystemCallFilter", where, actual, "@system-service"),
        )
    return passed(
        f"{unit.name}: system call filter excludes {' '.join(NEVER_NEEDED)}",
        as_set(unit, "SystemCallFilter", where),
    )


@rule(
    id="systemd.system-call-filter",
    title="Service units filter out system calls they never need",
    problem="A service unit may make system calls it never needs",
    severity=Severity.LOW,
    rationale="Without a seccomp filter a compromised service can mount file systems, load modules, reboot "
    "or use debugging calls, a large kernel surface for privilege escalation.",
    remediation="SystemCallFilter=@system-service\nSystemCallArchitectures=native",
    references=("systemd-analyze security: SystemCallFilter=",),
)
def system_call_filter(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _syscalls, "SystemCallFilter=")
