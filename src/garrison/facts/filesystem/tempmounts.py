"""How /tmp, /var/tmp and /dev/shm are mounted at boot and, live, now: the mount that decides each one's
nodev/nosuid/noexec.

At boot (systemd 252-257): an admin unit /etc/systemd/system/tmp.mount (or a mask) beats an fstab line,
which beats systemd's own tmp.mount when that is enabled (a `local-fs.target.wants/tmp.mount` link, as
Debian 13 ships it; Debian 12 keeps the unit in /usr/share/systemd, inactive). systemd mounts /dev/shm
itself with `nosuid,nodev` (src/shared/mount-setup.c) unless fstab names it. A directory without a mount
of its own is part of the nearest mount above it (/var, else /); a root with no fstab line for / has the
kernel's defaults (suid, dev, exec).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from garrison.facts.filesystem.mounts import FSTAB, PROC_MOUNTS, MountEntry, parse_fstab
from garrison.facts.reads import Reads, declares
from garrison.model import Location
from garrison.targets.base import FileKind, Target, read_if_present

TEMP_DIRS: tuple[str, ...] = ("/tmp", "/var/tmp", "/dev/shm")
UNIT_DIRS: tuple[str, ...] = (
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
)
TMP_UNIT = "tmp.mount"
#: systemd's own /dev/shm mount (mount-setup.c: MS_NOSUID|MS_NODEV|MS_STRICTATIME, mode=01777).
SHM_BUILTIN: tuple[str, ...] = ("rw", "nosuid", "nodev", "strictatime", "mode=1777")
#: The kernel's mount flags for a filesystem mounted without options (the root without an fstab line).
KERNEL_DEFAULT: tuple[str, ...] = ("rw", "suid", "dev", "exec")
UNIT_READS: tuple[str, ...] = (
    *(f"{d}/{TMP_UNIT}" for d in UNIT_DIRS),
    *(f"{d}/local-fs.target.wants/{TMP_UNIT}" for d in UNIT_DIRS),
)


class MountSource(StrEnum):
    """What decides a temporary directory's mount options."""

    FSTAB = "fstab"  # its own /etc/fstab line
    UNIT = "unit"  # a tmp.mount unit (admin's or systemd's)
    BUILTIN = "builtin"  # systemd's built-in /dev/shm mount
    PARENT = "parent"  # no mount of its own: the fstab line of the mount above it
    ROOT_DEFAULT = "root-default"  # no mount of its own and no fstab line above it
    LIVE = "live"  # /proc/self/mounts


@dataclass(frozen=True, slots=True)
class TempMount:
    """`directory`'s deciding mount: `entry` (for PARENT the mount above it, for BUILTIN/ROOT_DEFAULT an
    entry without a line, at /etc/fstab where a line would go) and where it came from."""

    directory: str
    entry: MountEntry
    source: MountSource

    def allows(self, flag: str) -> bool:
        return self.entry.allows(flag)

    @property
    def own(self) -> bool:
        """Mounted on its own (not merely part of the filesystem above it)."""
        return self.source not in (MountSource.PARENT, MountSource.ROOT_DEFAULT)


def _unit_options(text: str, path: str) -> MountEntry | None:
    """The [Mount] section's last `Options=` (an empty one resets), with `%%` unescaped; None if none."""
    section, found, line_no = "", None, 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif section == "Mount" and line.startswith("Options") and "=" in line:
            key, _, value = line.partition("=")
            if key.strip() == "Options":
                found, line_no = value.strip().replace("%%", "%") or None, number
    options = tuple(o for o in (found or "").split(",") if o)
    return MountEntry("tmpfs", "/tmp", "tmpfs", options, Location(path, line_no or None))


@dataclass(frozen=True, slots=True)
class TmpUnit:
    """The highest-priority tmp.mount unit file: `entry` its [Mount] options (drop-ins applied), `masked`
    a link to /dev/null or an empty file, `enabled` a `local-fs.target.wants/tmp.mount` link exists."""

    entry: MountEntry | None
    masked: bool
    enabled: bool

    @property
    def admin(self) -> bool:
        return self.entry is not None and self.entry.location.path.startswith("/etc/")


def tmp_unit(target: Target) -> TmpUnit | None:
    """The tmp.mount unit file that systemd would load, None when there is none.

    Drop-ins (`tmp.mount.d/*.conf`) are applied after the unit; the last `Options=` wins."""
    unit = next((f"{d}/{TMP_UNIT}" for d in UNIT_DIRS if target.lstat(f"{d}/{TMP_UNIT}") is not None), None)
    if unit is None:
        return None
    enabled = any(target.lstat(f"{d}/local-fs.target.wants/{TMP_UNIT}") is not None for d in UNIT_DIRS)
    st = target.stat(unit)
    if st is None or st.kind is not FileKind.FILE or st.size == 0:
        return TmpUnit(None, True, enabled)  # a mask (-> /dev/null), an empty file or a broken link
    entry = _unit_options(read_if_present(target, unit, limit=256 * 1024) or "", unit)
    for directory in UNIT_DIRS:
        for name in target.list_dir(f"{directory}/{TMP_UNIT}.d"):
            path = f"{directory}/{TMP_UNIT}.d/{name}"
            dropin = (
                _unit_options(read_if_present(target, path, limit=256 * 1024) or "", path)
                if name.endswith(".conf")
                else None
            )
            if dropin is not None and dropin.location.line is not None:
                entry = dropin
    return TmpUnit(entry, False, enabled)


def _covering(entries: tuple[MountEntry, ...], directory: str) -> MountEntry | None:
    """The last entry mounted at `directory` or, failing that, at the nearest directory above it."""
    best: MountEntry | None = None
    for entry in entries:
        point = entry.mountpoint
        if entry.fstype == "swap" or not (
            directory == point or directory.startswith(point.rstrip("/") + "/")
        ):
            continue
        if best is None or len(point) >= len(best.mountpoint):
            best = entry
    return best


def _bound(entry: MountEntry, fstab: tuple[MountEntry, ...]) -> MountEntry:
    """A bind mount keeps the flags of the mount it repeats (the kernel's clone_mnt copies them), then
    applies its own options: `/tmp /var/tmp none bind` is as nosuid as /tmp."""
    if "bind" not in entry.options and "rbind" not in entry.options:
        return entry
    source = _covering(fstab, entry.source)
    if source is None or source is entry:
        return entry
    own = tuple(o for o in entry.options if o != "defaults")
    return MountEntry(entry.source, entry.mountpoint, entry.fstype, (*source.options, *own), entry.location)


def boot_mount(directory: str, fstab: tuple[MountEntry, ...], unit: TmpUnit | None) -> TempMount:
    """How `directory` is mounted at boot (see the module docstring for the order). A masked tmp.mount
    also keeps an fstab /tmp line from being mounted (the generated unit has the same name)."""
    own = next((e for e in reversed(fstab) if e.mountpoint == directory and e.fstype != "swap"), None)
    if directory == "/tmp" and unit is not None:
        if unit.masked:
            own, fstab = None, tuple(e for e in fstab if e.mountpoint != directory)
        elif unit.entry is not None and (
            (unit.admin and (unit.enabled or own is not None)) or (unit.enabled and own is None)
        ):  # fstab's generated unit (in /run) beats /usr/lib's tmp.mount, an /etc one beats both
            return TempMount(directory, unit.entry, MountSource.UNIT)
    if own is not None:
        return TempMount(directory, _bound(own, fstab), MountSource.FSTAB)
    if directory == "/dev/shm":
        builtin = MountEntry("tmpfs", directory, "tmpfs", SHM_BUILTIN, Location(FSTAB))
        return TempMount(directory, builtin, MountSource.BUILTIN)
    parent = _covering(fstab, directory)
    if parent is not None:
        return TempMount(directory, parent, MountSource.PARENT)
    root = MountEntry("(root filesystem)", "/", "", KERNEL_DEFAULT, Location(FSTAB))
    return TempMount(directory, root, MountSource.ROOT_DEFAULT)


def live_mount(directory: str, live: tuple[MountEntry, ...]) -> TempMount | None:
    """The mount `directory` is on now (its own, else the one above it), from /proc/self/mounts."""
    entry = _covering(live, directory)
    if entry is None:
        return None
    source = MountSource.LIVE if entry.mountpoint == directory else MountSource.PARENT
    return TempMount(directory, entry, source)


@dataclass(frozen=True, slots=True)
class TempMountsFacts:
    """/tmp, /var/tmp and /dev/shm: the mount deciding each at boot, and (live) the one each is on now."""

    boot: tuple[TempMount, ...]
    live: tuple[TempMount, ...] | None


READS = Reads(
    files=(FSTAB, PROC_MOUNTS, *UNIT_READS),
    trees=tuple((f"{d}/{TMP_UNIT}.d", 1) for d in UNIT_DIRS),
)


@declares(READS)
def gather_temp_mounts(target: Target) -> TempMountsFacts:
    """fstab issues are the mount pack's (MountFacts); here an unusable line is simply not a mount."""
    fstab, _ = parse_fstab(read_if_present(target, FSTAB, limit=256 * 1024) or "", FSTAB)
    unit = tmp_unit(target)
    boot = tuple(boot_mount(d, fstab, unit) for d in TEMP_DIRS)
    live: tuple[TempMount, ...] | None = None
    if target.live:
        text = read_if_present(target, PROC_MOUNTS, limit=256 * 1024)
        if text is not None:
            entries, _ = parse_fstab(text, PROC_MOUNTS)
            live = tuple(m for d in TEMP_DIRS if (m := live_mount(d, entries)) is not None)
    return TempMountsFacts(boot, live)
