"""Filesystem rules on the mount options of the shared temporary directories /tmp, /var/tmp and /dev/shm
(how each is mounted: garrison.facts.filesystem.tempmounts)."""

from __future__ import annotations

from garrison.facts.filesystem import MountSource, TempMount, TempMountsFacts
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
    passed,
)
from garrison.rules.expect import context, fold
from garrison.rules.registry import rule

CIS = "CIS Debian Linux 12 Benchmark 1.1.2 (/tmp, /dev/shm, /var/tmp options)"
_WHERE = {
    MountSource.FSTAB: "its fstab line",
    MountSource.UNIT: "its tmp.mount unit",
    MountSource.BUILTIN: "systemd's own /dev/shm mount",
    MountSource.PARENT: "not a mount of its own",
    MountSource.ROOT_DEFAULT: "not a mount of its own, on the root filesystem",
    MountSource.LIVE: "mounted now",
}


def _proof(mount: TempMount, flag: str) -> list[Evidence]:
    """Where the options that decide come from, as a fix would edit them."""
    entry, want = mount.entry, Wanted(Relation.PRESENT, (f"no{flag}",))
    shown = ",".join(entry.options) or "defaults"
    at = entry.location
    if mount.source is MountSource.UNIT:
        ref = SettingRef(Dialect.SYSTEMD, at.path, "Options", "Mount")
        return [
            evidence(
                at.path, at.line, shown, f"no{flag}", role=EvidenceRole.SETTING, setting=ref, wanted=want
            )
        ]
    if mount.source in (MountSource.FSTAB, MountSource.LIVE) or (
        mount.source is MountSource.PARENT and at.path != "/etc/fstab"
    ):
        dialect = Dialect.FSTAB if at.path.endswith("fstab") else Dialect.LIVE
        ref = SettingRef(dialect, at.path, "options", entry.mountpoint)
        proof = [
            evidence(
                at.path, at.line, shown, f"no{flag}", role=EvidenceRole.SETTING, setting=ref, wanted=want
            )
        ]
        return proof if mount.own else [*proof, context(at.path, at.line, f"{entry.mountpoint} ({shown})")]
    # no line of its own: a line for the directory belongs in fstab
    ref = SettingRef(Dialect.FSTAB, "/etc/fstab", "options", mount.directory)
    note = f"{_WHERE[mount.source]}: {shown}"
    proof = [
        evidence("/etc/fstab", None, note, f"no{flag}", role=EvidenceRole.DEFAULT, setting=ref, wanted=want)
    ]
    if mount.source is MountSource.PARENT:
        proof.append(context(at.path, at.line, f"{entry.mountpoint} ({shown})"))
    return proof


def _judge(mount: TempMount, flag: str, when: str) -> Outcome:
    shown = ",".join(mount.entry.options) or "defaults"
    how = _WHERE[mount.source]
    if mount.source is MountSource.PARENT:
        how = f"part of {mount.entry.mountpoint}"
    where = f"{how}, {mount.entry.location}" if mount.entry.location.line is not None else how
    if mount.allows(flag):
        return failed(f"{when} without no{flag} ({where}: {shown})", *_proof(mount, flag))
    return passed(f"{when} with no{flag} ({where})", *_proof(mount, flag))


def expect_temp_flag(mounts: TempMountsFacts, flag: str) -> Outcome:
    """Each temporary directory must have `no<flag>` at boot and, on a live host, now."""
    judged: list[tuple[str, Outcome]] = [(m.directory, _judge(m, flag, "at boot")) for m in mounts.boot]
    judged += [(m.directory, _judge(m, flag, "mounted now")) for m in mounts.live or ()]
    return fold(judged, passed_message=lambda items: "; ".join(f"{d}: {o.message}" for d, o in items))


@rule(
    id="fs.temp-mount-nodev",
    title="The temporary directories /tmp, /var/tmp and /dev/shm are mounted nodev",
    problem="A shared temporary directory allows device files",
    severity=Severity.LOW,
    rationale="""Every user can write to the temporary directories; with nodev a device node created
        there (from an archive or a container image unpacked by root) gives no access to the disk or
        memory it names. A directory that is not a mount of its own has the options of the filesystem
        it is on, usually / with dev allowed.""",
    remediation="tmpfs /tmp tmpfs defaults,rw,nosuid,nodev,noexec,relatime,size=2G 0 0   (in /etc/fstab;"
    " likewise /var/tmp and /dev/shm, then `mount -o remount`)",
    references=(CIS,),
)
def temp_mount_nodev(mounts: TempMountsFacts) -> Outcome:
    return expect_temp_flag(mounts, "dev")


@rule(
    id="fs.temp-mount-nosuid",
    title="The temporary directories /tmp, /var/tmp and /dev/shm are mounted nosuid",
    problem="A shared temporary directory honours setuid bits",
    severity=Severity.MEDIUM,
    rationale="""With nosuid a setuid or setgid program dropped in a world-writable directory (or a hard
        link to one kept there) runs without its owner's privileges. systemd mounts /dev/shm and its
        tmp.mount nosuid; a /tmp or /var/tmp on / is not.""",
    remediation="Add `nosuid` to the /tmp, /var/tmp and /dev/shm lines of /etc/fstab (or enable tmp.mount"
    " for /tmp), then `mount -o remount`.",
    references=(CIS,),
)
def temp_mount_nosuid(mounts: TempMountsFacts) -> Outcome:
    return expect_temp_flag(mounts, "suid")


@rule(
    id="fs.temp-mount-noexec",
    title="The temporary directories /tmp, /var/tmp and /dev/shm are mounted noexec",
    problem="Programs can be run directly from a shared temporary directory",
    severity=Severity.LOW,
    rationale="""Exploits and droppers commonly write their payload to /tmp, /var/tmp or /dev/shm, the
        places every user and service can write, and run it from there; noexec stops direct execution
        (not interpreted scripts). systemd's own /tmp and /dev/shm mounts allow execution.""",
    remediation="Add `noexec` to the /tmp, /var/tmp and /dev/shm lines of /etc/fstab (a drop-in with"
    " `Options=mode=1777,strictatime,nosuid,nodev,noexec` for tmp.mount), then `mount -o remount`.",
    references=(CIS,),
)
def temp_mount_noexec(mounts: TempMountsFacts) -> Outcome:
    return expect_temp_flag(mounts, "exec")
