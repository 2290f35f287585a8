"""systemd identity, capabilities, namespaces, sockets, limits and the exposure score (systemd 252)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from garrison.facts.systemd import (
    ServiceUnit,
    SystemdFacts,
    allowed_namespaces,
    assess,
    effective_capabilities,
    restricted_families,
)
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Relation,
    SettingRef,
    Severity,
    Wanted,
    failed,
    passed,
)
from garrison.rules.registry import rule
from garrison.rules.systemd.common import (
    as_set,
    cite,
    cite_off,
    flag_value,
    judge_units,
    placeholder,
    text_value,
)

_REF = ("guide:001 Runtime Security / Process Isolation",)

#: Capabilities that turn a compromised service into a compromised host.
DANGEROUS_CAPABILITIES = frozenset(
    {
        "CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_NET_ADMIN",
        "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP",
        "CAP_SYS_BOOT", "CAP_SYS_TIME", "CAP_MKNOD", "CAP_BPF", "CAP_CHOWN", "CAP_FOWNER",
    }
)  # fmt: skip
#: Units whose started program hands the long-running server to an unprivileged user itself.
SELF_DROPPING: Mapping[str, str] = MappingProxyType(
    {"postgresql@.service": "pg_ctlcluster starts the server as the cluster owner (postgres)"}
)
#: systemd 252's DefaultLimitNOFILE soft limit for system services, and the guide's value.
DEFAULT_NOFILE_SOFT = 1024
WANT_NOFILE = 65536
_NOFILE = Wanted(Relation.AT_LEAST, (str(WANT_NOFILE),))
#: systemd-analyze's EXPOSED level starts at 7.5.
EXPOSURE_FAIL_AT = 7.5


def _user(unit: ServiceUnit) -> Outcome:
    dynamic, dyn_item, problem = flag_value(unit, "DynamicUser")
    if problem is not None:
        return problem
    user, item, problem = text_value(unit, "User")
    if problem is not None:
        return problem
    if user and user not in ("root", "0"):
        return passed(
            f"{unit.name}: User={user}", cite(unit, "User", item, user, "a dedicated non-root user")
        )
    if dynamic and user not in ("root", "0"):
        return passed(
            f"{unit.name}: DynamicUser=yes", cite(unit, "DynamicUser", dyn_item, "DynamicUser=yes", None)
        )
    template = unit.name.split("@", 1)[0] + "@.service" if "@" in unit.name else unit.name
    if not user and template in SELF_DROPPING:
        launcher = cite(unit, "User", None, "root (launcher only)", None)
        return passed(f"{unit.name}: {SELF_DROPPING[template]}", launcher)
    shown = user or "root (no User= set)"
    return failed(
        f"{unit.name}: runs as {shown}", cite(unit, "User", item, "root", "a dedicated non-root user")
    )


@rule(
    id="systemd.user-not-root",
    title="Service units run as a dedicated non-root user",
    problem="A service unit runs as root",
    severity=Severity.MEDIUM,
    rationale="A service running as root turns any remote code execution bug into full control of the host.",
    remediation="User=<service>\nGroup=<service>  (or DynamicUser=yes)",
    references=("guide:001 User Management", "guide:001 Security Checklist: Running as non-root user"),
)
def user_not_root(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _user, "non-root User=")


def _capabilities(unit: ServiceUnit) -> Outcome:
    entries = unit.all_of("CapabilityBoundingSet")
    if (problem := placeholder(unit, "CapabilityBoundingSet", entries)) is not None:
        return problem
    risky = sorted(effective_capabilities(unit) & DANGEROUS_CAPABILITIES)
    where = entries[-1] if entries else None
    if risky:
        shown = ", ".join(risky[:6]) + (", ..." if len(risky) > 6 else "")
        actual = "all capabilities" if not entries else " ".join(risky)
        return failed(
            f"{unit.name}: the capability bounding set keeps {shown}",
            cite(unit, "CapabilityBoundingSet", where, actual, "no dangerous capabilities"),
        )
    return passed(
        f"{unit.name}: no dangerous capabilities in the bounding set",
        as_set(unit, "CapabilityBoundingSet", where),
    )


@rule(
    id="systemd.capability-bounding-set",
    title="Service units drop dangerous capabilities",
    problem="A service unit keeps dangerous capabilities",
    severity=Severity.MEDIUM,
    rationale="Capabilities such as CAP_SYS_ADMIN, CAP_SYS_PTRACE or CAP_DAC_OVERRIDE left in the bounding "
    "set are root powers a compromised service can use; most services need none, or only "
    "CAP_NET_BIND_SERVICE.",
    remediation="CapabilityBoundingSet=CAP_NET_BIND_SERVICE  (or empty when none is needed)",
    references=("guide:001 Container Security: --cap-drop ALL --cap-add NET_BIND_SERVICE",),
)
def capability_bounding_set(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _capabilities, "CapabilityBoundingSet=")


def _namespaces_check(unit: ServiceUnit) -> Outcome:
    item = unit.last("RestrictNamespaces")
    allowed = sorted(allowed_namespaces(unit))
    if "user" in allowed:
        return failed(
            f"{unit.name}: may create namespaces ({' '.join(allowed)})",
            cite_off(unit, "RestrictNamespaces", item, item.value if item else None, "yes"),
        )
    return passed(
        f"{unit.name}: cannot create user namespaces", as_set(unit, "RestrictNamespaces", item, "yes")
    )


@rule(
    id="systemd.restrict-namespaces",
    title="Service units cannot create user namespaces",
    problem="A service unit can create user namespaces",
    severity=Severity.LOW,
    rationale="User namespaces expose large parts of the kernel to unprivileged code and are a common step "
    "in local privilege escalation exploits.",
    remediation="RestrictNamespaces=yes",
    references=("systemd-analyze security: RestrictNamespaces=",),
)
def restrict_namespaces(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _namespaces_check, "RestrictNamespaces=")


def _families_check(unit: ServiceUnit) -> Outcome:
    item = unit.last("RestrictAddressFamilies")
    restricted = restricted_families(unit)
    loose = [name for name in ("packet", "netlink", "other") if not restricted[name]]
    if "packet" in loose or "other" in loose:
        actual = "any" if item is None else item.value
        return failed(
            f"{unit.name}: may open raw packet or exotic sockets",
            cite(unit, "RestrictAddressFamilies", item, actual, "AF_UNIX AF_INET AF_INET6"),
        )
    return passed(f"{unit.name}: socket families restricted", as_set(unit, "RestrictAddressFamilies", item))


@rule(
    id="systemd.restrict-address-families",
    title="Service units are limited to the socket families they use",
    problem="A service unit may open raw packet or exotic sockets",
    severity=Severity.LOW,
    rationale="Raw packet and rarely used socket families carry most socket-related kernel bugs and let a "
    "compromised service sniff or forge traffic.",
    remediation="RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
    references=("systemd-analyze security: RestrictAddressFamilies=",),
)
def restrict_address_families(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _families_check, "RestrictAddressFamilies=")


def _soft_limit_ok(value: str) -> bool:
    soft = value.split(":", 1)[0].strip()
    return soft.lower() == "infinity" or (soft.isdigit() and int(soft) >= WANT_NOFILE)


def _nofile(systemd: SystemdFacts) -> Callable[[ServiceUnit], Outcome]:
    inherited = systemd.default_limit_nofile

    def check(unit: ServiceUnit) -> Outcome:
        value, item, problem = text_value(unit, "LimitNOFILE")
        if problem is not None:
            return problem
        if value is None and inherited is not None:
            ref = SettingRef(Dialect.SYSTEMD, inherited.location.path, "DefaultLimitNOFILE", "[Manager]")
            where = Evidence(
                inherited.location,
                inherited.value,
                str(WANT_NOFILE),
                EvidenceRole.SETTING,
                ref,
                None,
                _NOFILE,
            )
            if _soft_limit_ok(inherited.value):
                return passed(f"{unit.name}: DefaultLimitNOFILE={inherited.value} from the manager", where)
            return failed(f"{unit.name}: inherits DefaultLimitNOFILE={inherited.value}", where)
        if value is None:
            where = cite(unit, "LimitNOFILE", None, DEFAULT_NOFILE_SOFT, WANT_NOFILE, wanted=_NOFILE)
            return failed(f"{unit.name}: LimitNOFILE= not set (soft limit {DEFAULT_NOFILE_SOFT})", where)
        where = cite(unit, "LimitNOFILE", item, value, WANT_NOFILE, wanted=_NOFILE)
        if _soft_limit_ok(value):
            return passed(f"{unit.name}: LimitNOFILE={value}", where)
        return failed(f"{unit.name}: LimitNOFILE={value} is below {WANT_NOFILE}", where)

    return check


@rule(
    id="systemd.limit-nofile",
    title="Service units raise the open-file limit for their connections",
    problem="A service unit keeps a low open-file limit",
    severity=Severity.LOW,
    rationale="With systemd's default soft limit of 1024 descriptors a busy or flooded network service runs "
    "out of sockets and refuses legitimate clients; limits.conf does not apply to systemd services.",
    remediation="LimitNOFILE=65536",
    references=("guide:001 Resource Limits (nofile 65536)",),
)
def limit_nofile(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _nofile(systemd), "LimitNOFILE=")


def _exposure(unit: ServiceUnit) -> Outcome:
    result = assess(unit)
    text = f"{unit.name}: exposure {result.exposure:.1f} {result.level}"
    score = f"{result.exposure:.1f} {result.level}"
    section = unit.section or Location(unit.fragment, 1)  # the [Service] section the score weighs
    where = Evidence(section, score, f"< {EXPOSURE_FAIL_AT}", EvidenceRole.CONTEXT, subject=unit.name)
    if result.exposure >= EXPOSURE_FAIL_AT:
        return failed(f"{text} (largest contributions: {', '.join(result.worst)})", where)
    return passed(text, where)


@rule(
    id="systemd.exposure-score",
    title="Service units score below EXPOSED in systemd's security analysis",
    problem="A service unit scores EXPOSED or worse in systemd's security analysis",
    severity=Severity.MEDIUM,
    rationale="systemd-analyze security weighs some 80 sandbox settings into one exposure score; 7.5 or more "
    "(EXPOSED, UNSAFE) means the service runs with close to root's full reach over the host.",
    remediation="Add the sandbox settings systemd-analyze security <unit> lists, e.g. ProtectSystem=strict, "
    "PrivateTmp=yes, NoNewPrivileges=yes, CapabilityBoundingSet=, SystemCallFilter=@system-service",
    references=("systemd-analyze(1) security",),
)
def exposure_score(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _exposure, "exposure")
