"""Filesystem rules on special permission bits: world-writable directories without the sticky bit in the
shared trees (/tmp, /var, /dev/shm, /home, /run), and setuid/setgid files no package ships that way."""

from __future__ import annotations

from garrison.facts.accounts import OwnerNames
from garrison.facts.filesystem import (
    SHIPPED_SPECIAL,
    SetuidFacts,
    SharedTreesFacts,
    ShippedSpecial,
    SpecialFile,
)
from garrison.model import Evidence, Outcome, Relation, Severity, Wanted, failed, passed, unknown
from garrison.rules.expect import context, file_mode
from garrison.rules.registry import rule
from garrison.rules.wording import agree, listing, mode, permissions, plural

MAX_EVIDENCE = 25
STICKY = 0o1000
SETUID, SETGID = 0o4000, 0o2000
CIS = "CIS Debian Linux 12 Benchmark 7.1 (world-writable, SUID/SGID files)"


def _dirs(count: int) -> str:
    return plural(count, "world-writable directory", "world-writable directories")


@rule(
    id="fs.world-writable-dirs-sticky",
    title="World-writable directories in the shared trees have the sticky bit",
    problem="A world-writable directory lacks the sticky bit",
    severity=Severity.MEDIUM,
    rationale="""In a world-writable directory without the sticky bit any user may delete or rename any
        other user's files, so a file a service or root creates in /tmp, /var/tmp or /dev/shm can be swapped
        for one the attacker controls between two steps. The sticky bit (mode 1777) lets only a file's owner
        remove it; the kernel's fs.protected_* checks also rely on it.""",
    remediation="chmod +t <directory> (or chmod o-w if it need not be shared); /tmp and /var/tmp: chmod 1777",
    references=(CIS, "guide:001 file system"),
)
def world_writable_dirs_sticky(shared: SharedTreesFacts) -> Outcome:
    bad = [d for d in shared.world_writable_dirs if not d.mode & STICKY]
    if not bad:
        sticky = len(shared.world_writable_dirs)
        seen = f"{_dirs(sticky)}, all sticky, in {shared.describe()}"
        if not shared.gaps.complete:
            return unknown(f"{seen}; but the scan is incomplete: {shared.gaps.describe()}")
        return passed(seen, *(file_mode(d.path, mode(d.mode)) for d in shared.world_writable_dirs[:5]))
    proof = [
        file_mode(d.path, f"{mode(d.mode)} (no sticky bit)", "1777 or not writable by others") for d in bad
    ]
    shown = listing((f"{d.path} ({mode(d.mode)})" for d in bad), limit=5)
    lacks = agree(len(bad), "lacks", "lack")
    return failed(
        f"{_dirs(len(bad))} {lacks} the sticky bit: {shown}",
        *proof[:MAX_EVIDENCE],
    )


def _bits(value: int) -> str:
    both = value & (SETUID | SETGID)
    return {SETUID: "setuid", SETGID: "setgid"}.get(both, "setuid and setgid")


def _matches(st_mode: int, uid: int, gid: int, item: ShippedSpecial, names: OwnerNames) -> bool:
    """The file has no special bit the package does not give it, and the owner or group those bits run as."""
    extra = st_mode & (SETUID | SETGID) & ~item.special
    user_ok = not st_mode & SETUID or names.user(uid) == item.owner or (uid == 0 and item.owner == "root")
    group_ok = not st_mode & SETGID or names.group(gid) == item.group or (gid == 0 and item.group == "root")
    return not extra and user_ok and group_ok


def _problem(found: SpecialFile, dpkg: bool, names: OwnerNames) -> str | None:
    """Why this file's setuid/setgid bits are not the ones a package gives it, None when they are."""
    st, override = found.stat, found.override
    if override is not None:
        if st.mode & (SETUID | SETGID) & ~override.mode:
            return f"has bits beyond its dpkg-statoverride entry ({mode(override.mode)}, {override.location})"
        return None
    shipped = SHIPPED_SPECIAL.get(found.canonical, ())
    installed = [s for s in shipped if not dpkg or s.package in found.packages]
    if any(_matches(st.mode, st.uid, st.gid, s, names) for s in installed):
        return None
    if installed:
        first = installed[0]
        return f"{first.package} installs it {mode(first.mode)} {first.owner}:{first.group}"
    if shipped:
        return (
            f"no installed package lists it (Debian's {shipped[0].package} ships it {_bits(shipped[0].mode)})"
        )
    if found.packages:
        return f"{listing(found.packages)} installs it, but not {_bits(st.mode)}"
    if not dpkg:
        return "not a file Debian packages install setuid/setgid (no dpkg database to say who owns it)"
    return "belongs to no installed package"


@rule(
    id="fs.setuid-files-packaged",
    title="Every setuid/setgid file is one a package installs with that mode",
    problem="A setuid or setgid file is not one a package installs that way",
    severity=Severity.HIGH,
    rationale="""A setuid or setgid program runs with its owner's or group's rights for whoever starts it.
        Debian installs a short, known list of them; one outside it (a copied shell, an `interpreter` with
        the bit added, a leftover from a source build) is a ready local privilege escalation or a backdoor.
        Files are checked against dpkg's file lists, dpkg-statoverride and the modes Debian's packages give
        their setuid/setgid files.""",
    remediation="chmod u-s,g-s <file> (or remove it); a deliberate exception: dpkg-statoverride --add",
    references=(CIS, "dpkg-statoverride(1)"),
)
def setuid_files_packaged(setuid: SetuidFacts, names: OwnerNames) -> Outcome:
    bad: list[Evidence] = []
    notes: list[str] = []
    for found in setuid.files:
        problem = _problem(found, setuid.dpkg, names)
        if problem is None:
            continue
        st = found.stat
        shown = f"{permissions(st.mode, st.uid, st.gid, names)} ({_bits(st.mode)})"
        notes.append(f"{found.path} ({shown}: {problem})")
        no_bits = Wanted(Relation.ABSENT, ("setuid", "setgid"))
        bad.append(file_mode(found.path, shown, "no setuid/setgid bit", wanted=no_bits))
        if found.override is not None:
            bad.append(context(found.override.location.path, found.override.location.line, "statoverride"))
    count = len(setuid.files)
    if not bad:
        seen = f"{plural(count, 'setuid/setgid file')}, each installed so by its package"
        if count:
            seen += f": {listing((f.path for f in setuid.files), limit=8)}"
        if not setuid.complete:
            return unknown(f"{seen}; but the scan is incomplete: {setuid.describe_gaps()}")
        return passed(f"{seen} (scanned {listing(setuid.roots)})")
    many = agree(len(notes), "is", "are")
    return failed(
        f"{plural(len(notes), 'setuid/setgid file')} {many} not packaged so: {'; '.join(notes[:5])}",
        *bad[:MAX_EVIDENCE],
    )
