"""Gather `SysctlFacts`: list sysctl.d(5) files with systemd 252's precedence, parse them, read /proc/sys.

Directories, highest priority first: /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d,
/usr/lib/sysctl.d, /lib/sysctl.d. A file name in a higher directory masks the same name below; a mask that
is a symlink to /dev/null or an empty file disables the name altogether. The surviving files are applied in
lexicographic order of file name. /etc/sysctl.conf is applied last when no sysctl.d entry already points to
it (Debian's procps ships /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf; `sysctl --system` reads it last).
"""

from __future__ import annotations

from enum import Enum

from garrison.errors import FileMissing, FileTooLarge, SymlinkProblem, TargetFileError
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import SubjectAbsent
from garrison.facts.sysctl.defaults import known_keys
from garrison.facts.sysctl.model import SysctlAssignment, SysctlFacts, resolve
from garrison.facts.sysctl.parse import commented_settings, parse_sysctl_conf
from garrison.model import Location, ParseIssue
from garrison.targets.base import FileKind, Target

SYSCTL_DIRS: tuple[str, ...] = (
    "/etc/sysctl.d",
    "/run/sysctl.d",
    "/usr/local/lib/sysctl.d",
    "/usr/lib/sysctl.d",
    "/lib/sysctl.d",
)
SYSCTL_CONF = "/etc/sysctl.conf"
HARDENING_FILE = "/etc/sysctl.d/99-hardening.conf"
#: An offline root with none of these is not a system whose kernel settings could be judged.
OS_TREE = ("/etc", "/usr")
#: At most this many persisted keys have their runtime value read (a bound on /proc reads).
MAX_RUNTIME_KEYS = 1024


class _Entry(Enum):
    MASKED = "masked"  # a /dev/null link or empty file: the name is taken, nothing is applied
    DANGLING = "dangling"  # a link to nothing: the name is taken (shadowing /usr/lib's file of that
    #  name), systemd-sysctl fails to open it ("Failed to open file ..., ignoring") and applies nothing
    SKIPPED = "skipped"  # systemd ignores it (a directory) and the name stays free


def _real_path(target: Target, path: str) -> str:
    try:
        return target.resolve(path)
    except (SymlinkProblem, ValueError):
        return path


def _check_link(target: Target, path: str) -> None:
    """A symlink that cannot be followed: a loop is an error (raised at `path`); a dangling link returns."""
    try:
        target.read_bytes(path, limit=1)
    except (FileMissing, FileTooLarge):
        return


def _classify(target: Target, path: str) -> str | _Entry:
    st = target.stat(path)
    if st is None:
        if _real_path(target, path) == "/dev/null":
            return _Entry.MASKED
        _check_link(target, path)
        return _Entry.DANGLING
    if st.kind == FileKind.OTHER:  # /dev/null itself on a live host
        return _Entry.MASKED
    if st.kind != FileKind.FILE:
        return _Entry.SKIPPED
    if st.size == 0:
        return _Entry.MASKED
    return _real_path(target, path)


def config_files(target: Target) -> tuple[str, ...]:
    """The files systemd-sysctl applies, in order, as the paths they really are on the target."""
    return _config_files(target)[0]


def _config_files(target: Target) -> tuple[tuple[str, ...], tuple[ParseIssue, ...]]:
    """The files applied, and an issue for each dangling link that takes a name but applies nothing."""
    chosen: dict[str, str | _Entry] = {}
    dangling: list[ParseIssue] = []
    if target.lstat(SYSCTL_CONF) is not None and target.stat(SYSCTL_CONF) is None:
        _check_link(target, SYSCTL_CONF)  # cite the broken file itself, not the 99-sysctl.conf link to it
    for directory in SYSCTL_DIRS:
        for name in target.list_dir(directory):
            if not name.endswith(".conf") or name in chosen:
                continue
            entry = _classify(target, f"{directory}/{name}")
            if entry is _Entry.DANGLING:
                dangling.append(
                    ParseIssue(
                        Location(f"{directory}/{name}"),
                        "a symlink to nothing: systemd-sysctl cannot open it and applies nothing under "
                        "this name (it still hides a file of the same name in a later directory)",
                    )
                )
            if entry is not _Entry.SKIPPED:
                chosen[name] = entry
    files = [path for _, path in sorted(chosen.items()) if isinstance(path, str)]
    conf = target.stat(SYSCTL_CONF)
    if SYSCTL_CONF not in files and conf is not None and conf.kind == FileKind.FILE:
        files.append(SYSCTL_CONF)
    return tuple(files), tuple(dangling)


def _read_runtime(target: Target, keys: tuple[str, ...]) -> dict[str, str] | None:
    if not target.live or not target.list_dir("/proc/sys"):
        return None
    runtime: dict[str, str] = {}
    for key in keys[:MAX_RUNTIME_KEYS]:
        try:
            text = target.read_text(f"/proc/sys/{key}", limit=64 * 1024)
        except TargetFileError:
            continue  # not present on this kernel (module not loaded) or not readable
        runtime[key] = " ".join(text.split())
    return runtime


READS = Reads(
    files=(SYSCTL_CONF, *OS_TREE),
    trees=(*((d, 1) for d in SYSCTL_DIRS), ("/proc/sys", 6)),  # net/ipv4/conf/all/<key>: 5 levels
    follows=(Follow(FollowKind.LINK),),  # an entry is read where its symlink points
)


@declares(READS)
def gather_sysctl(target: Target) -> SysctlFacts:
    """A host without any sysctl file boots with the kernel's built-in values: that is judged, not skipped.
    Raises `SubjectAbsent` only for an offline root that is no system at all (neither /etc nor /usr)."""
    if not target.live and all(target.lstat(p) is None for p in OS_TREE):
        raise SubjectAbsent("not an operating-system tree (no /etc, no /usr): kernel settings do not apply")
    assignments: list[SysctlAssignment] = []
    files, dangling = _config_files(target)
    issues: list[ParseIssue] = list(dangling)
    commented: dict[str, Location] = {}
    for path in files:
        text = target.read_text(path)
        parsed, found = parse_sysctl_conf(text, path)
        assignments.extend(parsed)
        issues.extend(found)
        if path.startswith("/etc/"):  # vendor files are not where an administrator writes
            for key, where in commented_settings(text, path):
                commented.setdefault(key, where)
    settings = resolve(assignments)
    wanted = dict.fromkeys(known_keys())
    wanted.update(dict.fromkeys(s.key for s in settings if s.value is not None and not s.glob))
    runtime = _read_runtime(target, tuple(wanted))
    home = SYSCTL_CONF if target.stat(SYSCTL_CONF) is not None else HARDENING_FILE
    return SysctlFacts(
        files=files, settings=settings, runtime=runtime, issues=tuple(issues), home=home, commented=commented
    )
