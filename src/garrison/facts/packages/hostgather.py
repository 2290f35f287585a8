"""Gatherers for the host's update state: APT sources, the security suite's lists, the reboot flag and
running kernel, and processes that map deleted libraries."""

from __future__ import annotations

from garrison.errors import FileMissing, TargetFileError
from garrison.facts.packages.lists import (
    LISTS_GLOB,
    MAX_INDEX_BYTES,
    Candidate,
    IndexUnreadable,
    SecurityIndex,
    decompress,
    newer,
    parse_packages_index,
    security_list,
)
from garrison.facts.packages.reboot import (
    OSRELEASE,
    PROC_VERSION,
    REBOOT_PACKAGES,
    REBOOT_REQUIRED,
    VERSION_SIGNATURE,
    RebootFacts,
    parse_build,
    parse_reboot_packages,
)
from garrison.facts.packages.restarts import (
    MAX_PROCESSES,
    RestartFacts,
    StaleProcess,
    parse_cgroup_unit,
    parse_maps,
)
from garrison.facts.packages.sources import (
    SOURCES_DIR,
    SOURCES_LIST,
    AptSource,
    AptSources,
    parse_sources_deb822,
    parse_sources_list,
    sources_file_wanted,
)
from garrison.facts.reads import Reads, declares
from garrison.facts.store import FactError, LiveStateUnavailable, SubjectAbsent
from garrison.model import Location
from garrison.targets.base import Capability, Target
from garrison.targets.identity import OS_RELEASE, parse_os_release

APT_DIR = "/etc/apt"


def _require_apt(target: Target) -> None:
    if target.stat(APT_DIR) is None:
        raise SubjectAbsent(f"{APT_DIR} does not exist (APT is not installed)")


def _codename(target: Target) -> str | None:
    """The release's codename from os-release(5) (/etc/os-release, else /usr/lib/os-release)."""
    for path in OS_RELEASE:
        try:
            fields = parse_os_release(target.read_text(path, limit=64 * 1024))
        except TargetFileError:
            continue
        return fields.get("VERSION_CODENAME") or fields.get("UBUNTU_CODENAME") or None
    return None


@declares(Reads(files=(APT_DIR, SOURCES_LIST, *OS_RELEASE), trees=((SOURCES_DIR, 1),)))
def gather_apt_sources(target: Target) -> AptSources:
    _require_apt(target)
    names = [n for n in target.list_dir(SOURCES_DIR) if sources_file_wanted(n)]
    entries: list[AptSource] = []
    read: list[str] = []
    for path in [SOURCES_LIST, *(f"{SOURCES_DIR}/{name}" for name in names)]:
        try:
            text = target.read_text(path)
        except FileMissing:
            continue
        parse = parse_sources_deb822 if path.endswith(".sources") else parse_sources_list
        found, issues = parse(text, path)
        if issues:
            raise FactError(issues[0].message, issues[0].location)
        entries.extend(found)
        read.append(path)
    return AptSources(tuple(entries), tuple(read), _codename(target))


@declares(Reads(files=(APT_DIR,), globs=(LISTS_GLOB,)))
def gather_security_index(target: Target) -> SecurityIndex:
    _require_apt(target)
    lists = [item for path in target.glob(LISTS_GLOB) if (item := security_list(path)) is not None]
    merged: dict[str, Candidate] = {}
    updated: float | None = None
    for item in lists:
        try:
            text = decompress(target.read_bytes(item.path, limit=MAX_INDEX_BYTES), item.compression)
        except IndexUnreadable as exc:
            raise FactError(f"cannot read the package list: {exc}", Location(item.path)) from None
        for name, candidate in parse_packages_index(text.decode("utf-8", "replace"), item.path).items():
            known = merged.get(name)
            if known is None or newer(candidate.version, known.version):
                merged[name] = candidate
        info = target.stat(item.path)
        if info is not None and (updated is None or info.mtime > updated):
            updated = info.mtime
    return SecurityIndex(tuple(lists), merged, updated)


def _optional_text(target: Target, path: str) -> str:
    """A file read only for detail beside a decision made elsewhere, "" when it cannot be read: the package
    names of a reboot flag that exists, the running kernel's build from /proc/version (world-readable on a
    live host; without it only the check for a same-release kernel rebuilt since boot is skipped), a
    stale process's name and unit (the pid stands in)."""
    try:
        return target.read_text(path, limit=64 * 1024)
    except TargetFileError:
        return ""


@declares(Reads(files=(REBOOT_REQUIRED, REBOOT_PACKAGES, OSRELEASE, PROC_VERSION, VERSION_SIGNATURE)))
def gather_reboot(target: Target) -> RebootFacts:
    flag = REBOOT_REQUIRED if target.stat(REBOOT_REQUIRED) is not None else None
    packages = parse_reboot_packages(_optional_text(target, REBOOT_PACKAGES)) if flag else ()
    if not target.live:
        return RebootFacts(flag, packages)
    release = _optional_text(target, OSRELEASE).strip() or None
    build = parse_build(
        _optional_text(target, PROC_VERSION), _optional_text(target, VERSION_SIGNATURE), release or ""
    )
    return RebootFacts(flag, packages, True, release, build)


#: Globs, not a /proc tree: a snapshot of a tree there would fetch /proc/kcore and every process's memory.
PROCESS_FILES = ("/proc/[0-9]*/maps", "/proc/[0-9]*/comm", "/proc/[0-9]*/cgroup")


@declares(Reads(globs=PROCESS_FILES))
def gather_restarts(target: Target) -> RestartFacts:
    if not target.live:
        raise LiveStateUnavailable(
            "which processes still map deleted libraries is only known on a live host (/proc/<pid>/maps); "
            "an offline root has no running processes"
        )
    found = (path.split("/")[2] for path in target.glob(PROCESS_FILES[0]))
    pids = sorted((pid for pid in found if pid.isdigit()), key=int)
    stale: list[StaleProcess] = []
    scanned = unreadable = 0
    for pid in pids[:MAX_PROCESSES]:
        try:
            maps = target.read_text(f"/proc/{pid}/maps")
        except FileMissing:
            continue  # the process ended meanwhile
        except TargetFileError:
            unreadable += 1
            continue
        scanned += 1
        files = parse_maps(maps)
        if files:
            name = _optional_text(target, f"/proc/{pid}/comm").strip() or pid
            unit = parse_cgroup_unit(_optional_text(target, f"/proc/{pid}/cgroup"))
            stale.append(StaleProcess(int(pid), name, unit, files))
    privileged = Capability.PRIVILEGED in target.capabilities
    return RestartFacts(tuple(stale), scanned, unreadable, len(pids) > MAX_PROCESSES, privileged)
