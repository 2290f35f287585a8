"""Find PostgreSQL clusters and read their configuration through the target.

Debian layout (postgresql-common): /etc/postgresql/<version>/<cluster>/postgresql.conf, which names the data
directory and pg_hba.conf; every cluster is audited. `include`, `include_if_exists` and `include_dir` are
resolved like the server does (relative to the including file, `.conf` files of a directory in name order,
nesting at most 10 deep); a relative `data_directory` or `hba_file` is relative to the server's working
directory, `/`; postgresql.auto.conf in the data directory applies last when it can be read. A
cluster whose start.conf says `disabled` is never started and is left out. On a live host the role
attributes come from `psql`; offline they stay unknown.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from garrison.errors import FileMissing, TargetFileError
from garrison.facts.gcpause import paused_gc
from garrison.facts.placeholders import has_placeholder
from garrison.facts.postgresql.conf import IncludeKind, PgInclude, PgRefused, parse_postgresql_conf
from garrison.facts.postgresql.hba import parse_pg_hba
from garrison.facts.postgresql.model import (
    PLACEHOLDER_ISSUE,
    HbaEntry,
    PgCluster,
    PgRole,
    PgSetting,
    PostgresFacts,
    pg_bool,
)
from garrison.facts.postgresql.presence import ABSENT, CLUSTER_CONFIGS, OTHER_LAYOUTS
from garrison.facts.postgresql.releases import REFERENCE_MAJOR, is_known_name, major_of
from garrison.facts.postgresql.shadow import shadowing
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import SubjectAbsent
from garrison.model import Location, ParseIssue
from garrison.targets.base import FileKind, Target

_MAX_DEPTH = 10
_OTHER_LAYOUTS = OTHER_LAYOUTS
ROLE_QUERY = "select rolname, rolsuper, rolcreatedb, rolreplication from pg_roles where rolname !~ '^pg_'"
ROLE_COMMAND = ("psql", "-XAt", "-F", "|", "-d", "postgres", "-c", ROLE_QUERY)


@dataclass
class _Reading:
    version: str
    settings: dict[str, PgSetting] = field(default_factory=dict)
    unknown: list[PgSetting] = field(default_factory=list)
    refused: dict[str, Location] = field(default_factory=dict)
    issues: list[ParseIssue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def server_path(value: str) -> str:
    """Where the server finds `data_directory`, `hba_file` or `ident_file`: a relative path is taken from its
    working directory at start-up, `/` (pg_ctlcluster does `chdir '/'`; so do the systemd units)."""
    return posixpath.normpath(posixpath.join("/", value))


def _dirname(path: str) -> str:
    return path.rsplit("/", 1)[0] or "/"


def _read_conf(target: Target, path: str, reading: _Reading, chain: tuple[str, ...]) -> None:
    try:
        text = target.read_text(path)
    except TargetFileError as exc:
        reading.issues.append(ParseIssue(Location(exc.path), exc.message))
        return
    reading.files.append(path)
    parsed, issues = parse_postgresql_conf(text, path)
    reading.issues.extend(issues)
    for item in parsed.order:
        if isinstance(item, PgRefused):
            reading.settings.pop(item.name, None)
            reading.refused[item.name] = item.location
        elif isinstance(item, PgSetting):
            if is_known_name(item.name, reading.version) is False:
                reading.unknown.append(item)  # the server refuses the file; the setting never applies
            else:
                reading.settings[item.name] = item
                reading.refused.pop(item.name, None)
        else:
            _include(target, item, path, reading, chain)


def _include(target: Target, item: PgInclude, path: str, reading: _Reading, chain: tuple[str, ...]) -> None:
    where = item.location
    if has_placeholder(item.path):
        reading.issues.append(ParseIssue(where, f"{PLACEHOLDER_ISSUE} in {item.kind}"))
        return
    resolved = item.path if item.path.startswith("/") else f"{_dirname(path)}/{item.path}"
    if len(chain) >= _MAX_DEPTH:
        reading.issues.append(ParseIssue(where, "configuration files nested too deeply (include loop?)"))
        return
    if item.kind is IncludeKind.INCLUDE_DIR:
        st = target.stat(resolved)
        if st is None or st.kind != FileKind.DIR:
            reading.issues.append(ParseIssue(where, f"include_dir {item.path!r}: no such directory"))
            return
        for name in target.list_dir(resolved):
            if name.endswith(".conf") and not name.startswith("."):
                _follow(target, f"{resolved.rstrip('/')}/{name}", where, reading, chain)
        return
    if target.stat(resolved) is None:
        if item.kind is IncludeKind.INCLUDE:
            reading.issues.append(ParseIssue(where, f"include {item.path!r}: no such file"))
        return
    _follow(target, resolved, where, reading, chain)


def _follow(target: Target, path: str, where: Location, reading: _Reading, chain: tuple[str, ...]) -> None:
    if path in chain:
        reading.issues.append(ParseIssue(where, f"include loop: {path} includes itself"))
        return
    _read_conf(target, path, reading, (*chain, path))


def load_cluster(
    target: Target, conf_path: str, version: str, name: str, *, version_known: bool = True
) -> PgCluster:
    """One cluster from its postgresql.conf: settings through includes and auto.conf, then pg_hba.conf."""
    reading = _Reading(version)
    _read_conf(target, conf_path, reading, (conf_path,))
    data = reading.settings.get("data_directory")
    data_dir = server_path(data.value) if data is not None else _dirname(conf_path)
    auto = f"{data_dir.rstrip('/')}/postgresql.auto.conf"
    if target.stat(auto) is not None:
        try:
            target.read_text(auto)
        except TargetFileError:
            pass  # unreadable (e.g. 0600 postgres on a live host): the files in /etc decide
        else:
            _read_conf(target, auto, reading, (auto,))
    hba_setting = reading.settings.get("hba_file")
    hba_path = (
        server_path(hba_setting.value) if hba_setting is not None else f"{data_dir.rstrip('/')}/pg_hba.conf"
    )
    hba_issues: list[ParseIssue] = []
    entries: tuple[HbaEntry, ...] = ()
    try:
        with paused_gc():  # a large pg_hba.conf is many small acyclic objects
            entries, found = parse_pg_hba(target.read_text(hba_path), hba_path)
        hba_issues.extend(found)
        reading.files.append(hba_path)
    except FileMissing:
        where = hba_setting.location if hba_setting is not None else Location(hba_path)
        hba_issues.append(ParseIssue(where, f"pg_hba.conf not found at {hba_path}"))
    except TargetFileError as exc:
        hba_issues.append(ParseIssue(Location(exc.path), exc.message))
    modes = {}
    for path in reading.files:
        st = target.stat(path)
        if st is not None:
            modes[path] = st.mode
    return PgCluster(
        version=version,
        name=name,
        conf_path=conf_path,
        settings=dict(reading.settings),
        hba_path=hba_path,
        hba=entries,
        files=tuple(reading.files),
        data_directory=data_dir,
        standby=target.stat(f"{data_dir.rstrip('/')}/standby.signal") is not None,
        conf_issues=tuple(reading.issues),
        hba_issues=tuple(hba_issues),
        modes=modes,
        unknown=tuple(reading.unknown),
        unreadable=dict(reading.refused),
        version_known=version_known,
        shadowed=shadowing(entries),
    )


def _data_version(target: Target, data_dir: str) -> str | None:
    """The major version initdb wrote in the data directory's PG_VERSION, None when it cannot be read."""
    try:
        text = target.read_text(f"{data_dir}/PG_VERSION").strip()
    except TargetFileError:
        return None
    return text if major_of(text) is not None else None


def _start_mode(target: Target, conf_dir: str) -> str:
    """postgresql-common's start.conf: auto (default), manual or disabled (never started)."""
    try:
        text = target.read_text(f"{conf_dir}/start.conf")
    except TargetFileError:
        return "auto"
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            return word
    return "auto"


def parse_roles(text: str) -> tuple[PgRole, ...]:
    """Rows of `psql -At -F '|'` output for ROLE_QUERY; malformed rows are skipped. Pure."""
    roles = []
    for line in text.splitlines():
        parts = line.split("|")
        if len(parts) == 4 and parts[0]:
            flags = [pg_bool(p) is True for p in parts[1:]]
            roles.append(PgRole(parts[0], flags[0], flags[1], flags[2]))
    return tuple(roles)


def _roles(target: Target) -> tuple[tuple[PgRole, ...] | None, str]:
    if not target.live:
        return None, "role attributes are only visible on a live host"
    result = target.run(ROLE_COMMAND)
    if not result.ok:
        return None, (
            f"could not list roles ({result.describe()}; run the audit as the postgres user to see them)"
        )
    return parse_roles(result.stdout), "from pg_roles"


READS = Reads(
    files=(*_OTHER_LAYOUTS, *(f"{_dirname(p)}/PG_VERSION" for p in _OTHER_LAYOUTS)),
    globs=tuple(f"/var/lib/postgresql/*/*/{name}" for name in ("postgresql.auto.conf", "standby.signal")),
    trees=(("/etc/postgresql", 4), *((_dirname(p), 1) for p in _OTHER_LAYOUTS)),  # <v>/<c>/conf.d/<f>
    commands=(ROLE_COMMAND,),
    follows=(
        Follow(FollowKind.INCLUDE, ("include", "include_if_exists", "include_dir"), depth=1),
        Follow(FollowKind.REFERENCE, ("data_directory",), bases=("/",), depth=1),  # auto.conf, pg_hba.conf
        Follow(FollowKind.REFERENCE, ("hba_file",), bases=("/",)),
    ),
)


@declares(READS)
def gather_postgresql(target: Target) -> PostgresFacts:
    clusters = []
    for conf_path in target.glob(CLUSTER_CONFIGS):
        parts = conf_path.split("/")
        if _start_mode(target, _dirname(conf_path)) != "disabled":
            clusters.append(load_cluster(target, conf_path, parts[3], parts[4]))
    if not clusters:
        for conf_path in _OTHER_LAYOUTS:
            if target.stat(conf_path) is not None:
                version = _data_version(target, _dirname(conf_path))
                known = version is not None
                clusters.append(
                    load_cluster(
                        target, conf_path, version or str(REFERENCE_MAJOR), "data", version_known=known
                    )
                )
    if not clusters:
        raise SubjectAbsent(ABSENT)
    roles, note = _roles(target)
    return PostgresFacts(tuple(clusters), roles, note)
