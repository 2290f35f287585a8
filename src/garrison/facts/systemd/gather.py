"""Find the service units worth judging and load each as systemd would (fragment + drop-ins).

Which units: every service unit an administrator wrote in /etc/systemd/system (regular files; aliases and
enablement symlinks are not units of their own), plus the units of the network services Garrison audits
(`AUDITED_SERVICES`) wherever they are installed; for a template (postgresql@) the enabled instances
(postgresql@15-main.service, from the `*.wants/` links) are judged, else the template itself. Masked units
(a symlink to /dev/null or an empty file) are left out, and so are `Type=oneshot` wrappers that run no
program (every ExecStart= is `true`, as Debian's postgresql.service): there is no process to confine. Every
other oneshot unit (a renewal job, a backup script) runs a program as configured and is judged.

Precedence (systemd.unit(5), systemd 252): the fragment is the first file of that name along
`SYSTEM_UNIT_PATHS` (an instance falls back to its template's file); drop-ins come from `<name>.d/`, the
template's `<prefix>@.service.d/`, the dash-prefix directories (`foo-.service.d/` for `foo-bar.service`) and
the type-wide `service.d/`, in every unit path. A drop-in file masks a same-named one in a lower-precedence
directory; the survivors apply in filename order.
"""

from __future__ import annotations

from dataclasses import replace

from garrison.errors import SymlinkProblem, TargetFileError
from garrison.facts.reads import Reads, declares
from garrison.facts.store import FactStore, SubjectAbsent
from garrison.facts.systemd.model import ServiceUnit, SystemdFacts, UnitAssignment
from garrison.facts.systemd.unitfile import parse_unit_file
from garrison.facts.unitpaths import SYSTEM_UNIT_PATHS
from garrison.facts.versions import InstalledVersions, Program
from garrison.model import Location, ParseIssue
from garrison.targets.base import FileKind, Target

#: Unit names (or template prefixes ending in "@") of the network services the packs audit.
AUDITED_SERVICES: tuple[str, ...] = (
    "nginx",
    "apache2",
    "prosody",
    "ejabberd",
    "postgresql@",
    "kamailio",
    "siprec",
    "mtproxy",
    "mtproto-proxy",
    "coturn",
    "asterisk",
    "redis-server",
)

ADMIN_UNIT_DIR = "/etc/systemd/system"
VENDOR_DIRS = ("/usr/lib/systemd/system", "/lib/systemd/system", "/usr/local/lib/systemd/system")
_MAX_UNITS = 200
MANAGER_CONF_DIRS = (
    "/etc/systemd/system.conf.d",
    "/run/systemd/system.conf.d",
    "/usr/local/lib/systemd/system.conf.d",
    "/usr/lib/systemd/system.conf.d",
    "/lib/systemd/system.conf.d",
)


READS = Reads(
    files=("/etc/systemd/system.conf",),
    globs=tuple(f"{d}/*.conf" for d in MANAGER_CONF_DIRS),
    trees=tuple((d, 2) for d in SYSTEM_UNIT_PATHS),  # <dir>/<unit>.d/<drop-in>, <dir>/<x>.wants/<link>
)


def _gather_units(target: Target) -> SystemdFacts:
    names: set[str] = set()
    for entry in target.list_dir(ADMIN_UNIT_DIR):
        if entry.endswith(".service") and "@." not in entry:
            st = target.lstat(f"{ADMIN_UNIT_DIR}/{entry}")
            if st is not None and st.kind == FileKind.FILE:
                names.add(entry)
    instances = _enabled_instances(target)
    for service in AUDITED_SERVICES:
        enabled = sorted(i for i in instances if i.startswith(service)) if service.endswith("@") else []
        names.update(enabled or [f"{service}.service"])
    units: list[ServiceUnit] = []
    masked: list[str] = []
    for name in sorted(names)[:_MAX_UNITS]:
        fragment = find_fragment(target, name)
        if fragment is None:
            continue
        if _is_mask(target, fragment):
            masked.append(name)
            continue
        unit = load_unit(target, name, fragment)
        if unit.service_type == "oneshot" and runs_nothing(unit):
            continue
        units.append(unit)
    if not units:
        raise SubjectAbsent("no service units of audited network services or administrator-written units")
    return SystemdFacts(tuple(units), tuple(masked), _manager_default(target, "DefaultLimitNOFILE"))


_NO_OPS = frozenset({"/bin/true", "/usr/bin/true", "true", "/bin/false", "/usr/bin/false"})


def runs_nothing(unit: ServiceUnit) -> bool:
    """True when every effective ExecStart= command is a no-op (`/bin/true`), or there is none."""
    commands = [a.value.lstrip("@-:+!").split(None, 1) for a in unit.list_of("ExecStart")]
    return all(not words or words[0] in _NO_OPS for words in commands)


@declares(replace(READS, needs=(InstalledVersions,)))
def gather_systemd(target: Target, store: FactStore) -> SystemdFacts:
    """The judged service units, with the installed systemd version (for the directives it knows)."""
    facts = _gather_units(target)
    versions = store.peek(InstalledVersions)
    found = versions.get(Program.SYSTEMD) if versions is not None else None
    if found is None or not found.numbers:
        return facts
    return replace(facts, version=found.numbers[0], version_source=found.location)


def _manager_default(target: Target, key: str) -> UnitAssignment | None:
    """The last `key=` of [Manager] in system.conf, then system.conf.d/*.conf (systemd-system.conf(5))."""
    chosen: dict[str, str] = {}
    for directory in MANAGER_CONF_DIRS:
        for path in target.glob(f"{directory}/*.conf"):
            chosen.setdefault(path.rsplit("/", 1)[1], path)
    found: UnitAssignment | None = None
    for path in ("/etc/systemd/system.conf", *(chosen[name] for name in sorted(chosen))):
        try:
            text = target.read_text(path)
        except TargetFileError:
            continue
        for item in parse_unit_file(text, path)[0]:
            if item.section == "Manager" and item.key == key and item.value:
                found = item
    return found


def _enabled_instances(target: Target) -> set[str]:
    """Template instances enabled in /etc/systemd/system/*.wants (e.g. postgresql@15-main.service)."""
    found: set[str] = set()
    for wants in target.glob(f"{ADMIN_UNIT_DIR}/*.wants"):
        for entry in target.list_dir(wants):
            stem = entry.removesuffix(".service")
            if entry.endswith(".service") and "@" in stem and not stem.endswith("@"):
                found.add(entry)
    return found


def find_fragment(target: Target, name: str) -> str | None:
    """The unit file for `name`: its own file first, else (for an instance) its template's."""
    candidates = [name]
    if "@" in name and not name.split("@", 1)[1].startswith("."):
        candidates.append(name.split("@", 1)[0] + "@." + name.rsplit(".", 1)[1])
    for candidate in candidates:
        for directory in SYSTEM_UNIT_PATHS:
            path = f"{directory}/{candidate}"
            if target.lstat(path) is not None:
                return path
    return None


def _is_mask(target: Target, path: str) -> bool:
    """A mask: a symlink resolving to /dev/null on the target, or an empty file (systemd.unit(5))."""
    link = target.lstat(path)
    if link is not None and link.kind == FileKind.SYMLINK:
        try:
            if target.resolve(path) == "/dev/null":
                return True
        except SymlinkProblem:
            return False
    st = target.stat(path)
    return st is not None and (st.kind == FileKind.OTHER or (st.kind == FileKind.FILE and st.size == 0))


def dropin_dirs(name: str) -> tuple[str, ...]:
    """The `.d` directory names that apply to a unit, most specific first."""
    stem, _, suffix = name.rpartition(".")
    found = [f"{name}.d"]
    if "@" in stem:
        prefix, _, instance = stem.partition("@")
        if instance:
            found.append(f"{prefix}@.{suffix}.d")
    parts = stem.split("-")
    for cut in range(len(parts) - 1, 0, -1):
        found.append("-".join(parts[:cut]) + f"-.{suffix}.d")
    found.append(f"{suffix}.d")
    return tuple(found)


def _dropins(target: Target, name: str) -> tuple[str, ...]:
    chosen: dict[str, str] = {}
    for directory in SYSTEM_UNIT_PATHS:
        for sub in dropin_dirs(name):
            base = f"{directory}/{sub}"
            for entry in target.list_dir(base):
                if entry.endswith(".conf") and entry not in chosen:
                    chosen[entry] = f"{base}/{entry}"
    return tuple(chosen[key] for key in sorted(chosen) if not _is_mask(target, chosen[key]))


def load_unit(target: Target, name: str, fragment: str) -> ServiceUnit:
    """The unit `name` from its fragment and drop-ins; unreadable or odd lines become the unit's issues."""
    files = (fragment, *_dropins(target, name))
    assignments: list[UnitAssignment] = []
    issues: list[ParseIssue] = []
    section: Location | None = None
    for path in files:
        try:
            text = target.read_text(path)
        except TargetFileError as exc:
            issues.append(ParseIssue(Location(exc.path), exc.message))
            continue
        if path == fragment:
            header = next(
                (n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[Service]"), None
            )
            section = Location(path, header) if header is not None else None
        found, problems = parse_unit_file(text, path)
        assignments.extend(found)
        issues.extend(problems)
    return ServiceUnit(
        name=name,
        fragment=fragment,
        files=files,
        assignments=tuple(assignments),
        vendor=fragment.startswith(VENDOR_DIRS),
        issues=tuple(issues),
        section=section,
    )
