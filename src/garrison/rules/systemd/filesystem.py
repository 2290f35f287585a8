"""systemd file-system confinement: ProtectSystem=, ProtectHome=, ReadWritePaths= (systemd.exec(5), 252)."""

from __future__ import annotations

from garrison.facts.systemd import ServiceUnit, SystemdFacts, parse_bool
from garrison.model import Outcome, Severity, failed, passed
from garrison.rules.registry import rule
from garrison.rules.systemd.common import (
    as_set,
    cite,
    flag_value,
    judge_units,
    left_off,
    placeholder,
    text_value,
)

_REF = ("guide:001 Runtime Security / Process Isolation",)
#: ReadWritePaths= entries that give back what ProtectSystem=strict took away.
BROAD_PATHS = frozenset(
    {"/", "/etc", "/usr", "/boot", "/var", "/home", "/root", "/lib", "/bin", "/sbin", "/opt"}
)


def _protect_system(unit: ServiceUnit) -> Outcome:
    value, item, problem = text_value(unit, "ProtectSystem")
    if problem is not None:
        return problem
    if flag_value(unit, "DynamicUser")[0]:
        return passed(
            f"{unit.name}: ProtectSystem=strict (implied by DynamicUser=yes)",
            cite(unit, "ProtectSystem", item, "strict", "strict"),
        )
    if value == "strict":
        return passed(
            f"{unit.name}: ProtectSystem=strict", cite(unit, "ProtectSystem", item, value, "strict")
        )
    flag = parse_bool(value) if value is not None else False
    if flag is None and value not in ("full", "strict"):
        return failed(
            f"{unit.name}: ProtectSystem={value} is not a valid value",
            cite(unit, "ProtectSystem", item, value, "strict"),
        )
    why = ", so the service can write outside /usr and /boot"
    return left_off(unit, "ProtectSystem", item, value, "strict", why)


@rule(
    id="systemd.protect-system-strict",
    title="Service units mount the OS read-only with ProtectSystem=strict",
    problem="A service unit can write to the OS (no ProtectSystem=strict)",
    severity=Severity.MEDIUM,
    rationale="With ProtectSystem=strict the whole file system is read-only for the service except the "
    "paths it is given, so a compromise cannot rewrite configs, binaries or cron jobs.",
    remediation="ProtectSystem=strict  (plus ReadWritePaths=/var/lib/<service> for its state)",
    references=_REF,
)
def protect_system_strict(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _protect_system, "ProtectSystem=strict")


def _protect_home(unit: ServiceUnit) -> Outcome:
    value, item, problem = text_value(unit, "ProtectHome")
    if problem is not None:
        return problem
    if value is None and flag_value(unit, "DynamicUser")[0]:
        value = "read-only"
    if value in ("tmpfs",) or (value is not None and parse_bool(value)):
        return passed(f"{unit.name}: ProtectHome={value}", cite(unit, "ProtectHome", item, value, "yes"))
    why = ", so the service can read home directories (SSH keys, mail, ...)"
    return left_off(unit, "ProtectHome", item, value, "yes", why)


@rule(
    id="systemd.protect-home",
    title="Service units cannot see home directories",
    problem="A service unit can see home directories",
    severity=Severity.MEDIUM,
    rationale="Home directories hold SSH keys, credentials and personal data a network service never needs; "
    "read-only access still lets a compromised service steal them.",
    remediation="ProtectHome=yes",
    references=_REF,
)
def protect_home(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _protect_home, "ProtectHome=yes")


def _read_write_paths(unit: ServiceUnit) -> Outcome:
    entries = unit.list_of("ReadWritePaths")
    if (problem := placeholder(unit, "ReadWritePaths", entries)) is not None:
        return problem
    broad = []
    for item in entries:
        for word in item.value.split():
            path = word.lstrip("-+").rstrip("/") or "/"
            if path in BROAD_PATHS:
                broad.append((item, path))
    if broad:
        listed = ", ".join(sorted({p for _, p in broad}))
        return failed(
            f"{unit.name}: ReadWritePaths= opens {listed} for writing, undoing ProtectSystem=",
            *(
                cite(unit, "ReadWritePaths", item, path, "the service's own state directories only")
                for item, path in broad
            ),
        )
    shown = " ".join(w for i in entries for w in i.value.split()) or "none"
    return passed(
        f"{unit.name}: ReadWritePaths={shown}",
        *(as_set(unit, "ReadWritePaths", i) for i in entries),
    )


@rule(
    id="systemd.read-write-paths",
    title="Service units reopen only their own state directories for writing",
    problem="A service unit reopens system directories for writing",
    severity=Severity.MEDIUM,
    rationale="ReadWritePaths= naming /, /etc, /var or /usr hands back the write access ProtectSystem=strict "
    "removed, so the sandbox only looks strict.",
    remediation="ReadWritePaths=/var/lib/<service> /var/log/<service>",
    references=_REF,
)
def read_write_paths(systemd: SystemdFacts) -> Outcome:
    return judge_units(systemd, _read_write_paths, "ReadWritePaths= limited")
