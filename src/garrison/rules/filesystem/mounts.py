"""Filesystem rules on mount options of separately mounted log directories."""

from __future__ import annotations

from garrison.facts.filesystem import MountEntry, MountFacts
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Outcome,
    Relation,
    SettingRef,
    Severity,
    Wanted,
    evidence,
    failed,
    not_applicable,
    passed,
)
from garrison.rules.registry import rule
from garrison.rules.wording import listing, plural

LOG_DIR = "/var/log"


def _is_log_mount(entry: MountEntry) -> bool:
    return entry.fstype != "swap" and (
        entry.mountpoint == LOG_DIR or entry.mountpoint.startswith(LOG_DIR + "/")
    )


def _options(entry: MountEntry, options: str, flag: str) -> Evidence:
    """A mount's options (role SETTING): its fstab line, or (live) its line of /proc/self/mounts."""
    where = entry.location
    dialect = Dialect.FSTAB if where.path.endswith("fstab") else Dialect.LIVE
    ref = SettingRef(dialect, where.path, "options", entry.mountpoint)
    wanted = Wanted(Relation.PRESENT, (f"no{flag}",))
    return evidence(
        where.path, where.line, options, f"no{flag}", role=EvidenceRole.SETTING, setting=ref, wanted=wanted
    )


def expect_log_mount_flag(mounts: MountFacts, flag: str) -> Outcome:
    """Every /var/log or /var/log/* mount in fstab (and, live, in /proc/self/mounts) must carry `no<flag>`."""
    candidates = [e for e in mounts.fstab if _is_log_mount(e)]
    if mounts.live is not None:
        latest = {e.mountpoint: e for e in mounts.live if _is_log_mount(e)}  # the last mount on top wins
        candidates.extend(latest.values())
    if not candidates:
        return not_applicable(f"{LOG_DIR} is not a separate mount (nothing in /etc/fstab or the live mounts)")
    bad: list[Evidence] = []
    good: list[Evidence] = []
    names: list[str] = []
    for entry in candidates:
        options = ",".join(entry.options) or "defaults"
        proof = _options(entry, options, flag)
        if entry.allows(flag):
            bad.append(proof)
            names.append(f"{entry.mountpoint} ({entry.location}: {options})")
        else:
            good.append(proof)
    if bad:
        return failed(f"{plural(len(bad), 'log mount')} without no{flag}: {'; '.join(names)}", *bad)
    mountpoints = sorted({e.mountpoint for e in candidates})
    return passed(f"{listing(mountpoints)} mounted with no{flag}", *good)


@rule(
    id="fs.log-mount-noexec",
    title="Separately mounted log directories are noexec",
    problem="A separately mounted log directory allows execution",
    severity=Severity.LOW,
    rationale="""Services can write to their log directories; with noexec a file dropped there by an
        attacker cannot be run directly.""",
    remediation="Add `noexec` to the options of the /var/log mount in /etc/fstab, then `mount -o remount`.",
    references=("guide:001 file system",),
)
def log_mount_noexec(mounts: MountFacts) -> Outcome:
    return expect_log_mount_flag(mounts, "exec")


@rule(
    id="fs.log-mount-nosuid",
    title="Separately mounted log directories are nosuid",
    problem="A separately mounted log directory honours setuid bits",
    severity=Severity.LOW,
    rationale="""With nosuid a setuid binary planted in a writable log directory gives no privileges.""",
    remediation="Add `nosuid` to the options of the /var/log mount in /etc/fstab, then `mount -o remount`.",
    references=("guide:001 file system",),
)
def log_mount_nosuid(mounts: MountFacts) -> Outcome:
    return expect_log_mount_flag(mounts, "suid")
