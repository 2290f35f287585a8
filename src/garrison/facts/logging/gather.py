"""Gatherers of the logging and time facts: thin I/O around the pure parsers of this package."""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from garrison.effective import Effective
from garrison.errors import FileMissing, SymlinkProblem
from garrison.facts.logging.conf import CONF_DIRS, ConfEntry, dropin_order, last_value, list_value, parse_conf
from garrison.facts.logging.model import (
    DEBIAN_FALLBACK_NTP,
    FORWARD_TO_SYSLOG_DEFAULT,
    JOURNAL_DIR,
    STORAGE_DEFAULT,
    STORAGE_VALUES,
    LoggingFacts,
    SyslogDaemon,
    TimeDaemon,
    TimeSyncFacts,
    source_hosts,
)
from garrison.facts.logging.syslog import SyslogConfig, SyslogOutput, parse_rsyslog, parse_syslog_ng
from garrison.facts.logging.timesync import IncludeKind, TimeConfig, TimeSource, parse_chrony, parse_ntp
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.model import Dialect, ParseIssue
from garrison.targets.base import FileKind, Target

_MAX_INCLUDES = 8
RSYSLOG_CONF = "/etc/rsyslog.conf"
SYSLOG_NG_CONF = "/etc/syslog-ng/syslog-ng.conf"
CHRONY_CONF = "/etc/chrony/chrony.conf"
NTP_CONFS = (("ntpsec", "ntpsec.service", "/etc/ntpsec/ntp.conf"), ("ntp", "ntp.service", "/etc/ntp.conf"))


def _read(target: Target, path: str) -> str | None:
    try:
        return target.read_text(path)
    except FileMissing:
        return None


def _disabled(target: Target, path: str) -> bool:
    """A drop-in linked to /dev/null or empty: it hides a vendor file of its name and sets nothing."""
    link = target.lstat(path)
    if link is None:
        return True
    if link.kind is FileKind.SYMLINK:
        try:
            return target.resolve(path) == "/dev/null"
        except SymlinkProblem:
            return True
    return link.kind is FileKind.FILE and link.size == 0


def conf_files(target: Target, name: str) -> list[str]:
    """The main file (first found) and the drop-ins systemd reads for `name` (journald.conf ...), in order."""
    main = next((f"{d}/{name}" for d in CONF_DIRS if target.stat(f"{d}/{name}") is not None), None)
    dirs = [f"{d}/{name}.d" for d in CONF_DIRS]
    found = [(d, n) for d in dirs for n in target.list_dir(d) if n.endswith(".conf")]
    dropins = [p for p in dropin_order(found) if not _disabled(target, p)]
    return ([main] if main else []) + dropins


def _conf(target: Target, name: str, issues: list[ParseIssue]) -> tuple[list[ConfEntry], list[str]]:
    entries: list[ConfEntry] = []
    files = conf_files(target, name)
    for path in files:
        parsed, problems = parse_conf(_read(target, path) or "", path)
        entries += parsed
        issues += problems
    return entries, files


def _conf_reads(name: str) -> Reads:
    return Reads(
        files=tuple(f"{d}/{name}" for d in CONF_DIRS), trees=tuple((f"{d}/{name}.d", 1) for d in CONF_DIRS)
    )


def _effective(
    entries: list[ConfEntry], files: list[str], section: str, key: str, default: str, allowed: tuple[str, ...]
) -> Effective[str]:
    """The last valid assignment of a single-valued option; systemd ignores an invalid one."""
    valid = [e for e in entries if e.section == section and e.key == key and e.value.lower() in allowed]
    entry = last_value(valid, section, key)
    if entry is None:
        where = files[0] if files else f"{CONF_DIRS[0]}/journald.conf"
        return Effective.default(Dialect.SYSTEMD, where, key, default, scope=f"[{section}]")
    path, line = entry.location.path, entry.location.line
    return Effective.at(Dialect.SYSTEMD, path, key, entry.value.lower(), line=line, scope=f"[{section}]")


def _included(target: Target, pattern: str, base: str) -> tuple[str, ...]:
    pattern = pattern if pattern.startswith("/") else posixpath.join(base, pattern)
    if any(c in pattern for c in "*?["):
        return tuple(p for p in target.glob(pattern) if target.stat(p) is not None)
    return (pattern,) if target.stat(pattern) is not None else ()


def _syslog(
    target: Target, main: str, parse: Callable[[str, str], tuple[SyslogConfig, tuple[ParseIssue, ...]]]
) -> tuple[list[str], list[SyslogOutput], list[str]] | None:
    """Every file of a syslog daemon's configuration (includes followed to a bounded depth), its outputs and
    loaded modules; None when the main file is absent."""
    if _read(target, main) is None:
        return None
    files: list[str] = []
    outputs: list[SyslogOutput] = []
    modules: list[str] = []
    used: set[str] = set()
    todo = [(main, 0)]
    while todo:
        path, depth = todo.pop(0)
        text = _read(target, path)
        if text is None or path in files:
            continue
        files.append(path)
        parsed, _ = parse(text, path)
        outputs += parsed.outputs
        modules += parsed.modules
        used.update(parsed.used)
        if depth < _MAX_INCLUDES:
            for pattern, _where in parsed.includes:
                todo += [(p, depth + 1) for p in _included(target, pattern, posixpath.dirname(path))]
    if parse is parse_syslog_ng:  # a destination no log path uses sends nothing
        outputs = [o for o in outputs if o.selector in used]
    return files, outputs, modules


_SYSLOG_DAEMONS = (
    ("rsyslog", "rsyslog.service", RSYSLOG_CONF, parse_rsyslog),
    ("syslog-ng", "syslog-ng.service", SYSLOG_NG_CONF, parse_syslog_ng),
)

LOGGING_READS = (
    _conf_reads("journald.conf")
    | _conf_reads("journal-upload.conf")
    | Reads(
        files=(JOURNAL_DIR, RSYSLOG_CONF, SYSLOG_NG_CONF),
        globs=("/etc/rsyslog.d/*.conf", "/etc/syslog-ng/conf.d/*.conf"),
        follows=(Follow(FollowKind.INCLUDE, ("$IncludeConfig", "include", "@include")),),
    )
)


@declares(LOGGING_READS)
def gather_logging(target: Target) -> LoggingFacts:
    issues: list[ParseIssue] = []
    entries, files = _conf(target, "journald.conf", issues)
    storage = _effective(entries, files, "Journal", "Storage", STORAGE_DEFAULT, STORAGE_VALUES)
    forward = _effective(entries, files, "Journal", "ForwardToSyslog", FORWARD_TO_SYSLOG_DEFAULT, _BOOLS)
    for key, allowed in (("Storage", STORAGE_VALUES), ("ForwardToSyslog", _BOOLS)):
        issues += [
            ParseIssue(e.location, f"{key}= has an invalid value, which journald ignores")
            for e in entries
            if e.section == "Journal" and e.key == key and e.value.lower() not in allowed
        ]
    journal_dir = target.stat(JOURNAL_DIR)
    daemons = []
    for name, unit, main, parse in _SYSLOG_DAEMONS:
        found = _syslog(target, main, parse)
        if found is not None:
            daemons.append(SyslogDaemon(name, unit, main, tuple(found[0]), tuple(found[1]), tuple(found[2])))
    upload, upload_files = _conf(target, "journal-upload.conf", issues)
    url = last_value(upload, "Upload", "URL")
    upload_url = None
    if url is not None and url.value:
        at = url.location
        upload_url = Effective.at(Dialect.SYSTEMD, at.path, "URL", url.value, line=at.line, scope="[Upload]")
    return LoggingFacts(
        storage=storage,
        forward_to_syslog=_yes_no(forward),
        journal_dir=journal_dir is not None and journal_dir.kind is FileKind.DIR,
        journald_files=tuple(files),
        daemons=tuple(daemons),
        upload_url=upload_url,
        upload_files=tuple(upload_files),
        issues=tuple(issues),
    )


_BOOLS = ("yes", "no", "true", "false", "on", "off", "1", "0", "y", "n", "t", "f")


def _yes_no(value: Effective[str]) -> Effective[str]:
    """A systemd boolean as `yes` or `no`."""
    word = "yes" if value.value in ("yes", "true", "on", "1", "y", "t") else "no"
    return Effective(word, value.shown, value.setting, value.line, value.source)


_EMPTY = "an empty list"


def _timesyncd(target: Target, issues: list[ParseIssue]) -> TimeDaemon:
    entries, files = _conf(target, "timesyncd.conf", issues)
    where = files[0] if files else f"{CONF_DIRS[0]}/timesyncd.conf"
    ntp, ntp_at = list_value(entries, "Time", "NTP")
    fallback, fallback_at = list_value(entries, "Time", "FallbackNTP")
    cited: list[Effective[str]] = []
    if ntp_at is not None:
        at = ntp_at.location
        cited.append(
            Effective.at(
                Dialect.SYSTEMD, at.path, "NTP", " ".join(ntp) or _EMPTY, line=at.line, scope="[Time]"
            )
        )
    if fallback_at is None:
        fallback = list(DEBIAN_FALLBACK_NTP)
        shown = " ".join(fallback)
        cited.append(Effective.default(Dialect.SYSTEMD, where, "FallbackNTP", shown, scope="[Time]"))
    else:
        at = fallback_at.location
        shown = " ".join(fallback) or _EMPTY
        cited.append(
            Effective.at(Dialect.SYSTEMD, at.path, "FallbackNTP", shown, line=at.line, scope="[Time]")
        )
    hosts = tuple(dict.fromkeys(ntp or fallback))
    return TimeDaemon(
        "systemd-timesyncd", "systemd-timesyncd.service", where, hosts, tuple(cited), tuple(files)
    )


def _chrony_files(target: Target, config: TimeConfig, base: str) -> list[tuple[str, bool]]:
    """The files chrony's sourcedir, confdir and include lines name: (path, sources only)."""
    named: list[tuple[str, bool]] = []
    for kind, name, _where in config.includes:
        if kind is IncludeKind.SOURCEDIR:
            named += [(p, True) for p in _included(target, f"{name.rstrip('/')}/*.sources", base)]
        elif kind is IncludeKind.CONFDIR:
            named += [(p, False) for p in _included(target, f"{name.rstrip('/')}/*.conf", base)]
        else:
            named += [(p, False) for p in _included(target, name, base)]
    return named


def _time_daemon(target: Target, name: str, unit: str, main: str, chrony: bool) -> TimeDaemon:
    sources: list[TimeSource] = []
    files: list[str] = []
    todo: list[tuple[str, bool, int]] = [(main, False, 0)]
    while todo:
        path, only, depth = todo.pop(0)
        text = _read(target, path)
        if text is None or path in files:
            continue
        files.append(path)
        parsed, _ = parse_chrony(text, path, sources_only=only) if chrony else parse_ntp(text, path)
        sources += parsed.sources
        if depth < _MAX_INCLUDES:
            base = posixpath.dirname(path)
            if chrony:
                todo += [(p, o, depth + 1) for p, o in _chrony_files(target, parsed, base)]
            else:
                todo += [
                    (p, False, depth + 1) for _, n, _ in parsed.includes for p in _included(target, n, base)
                ]
    cited = tuple(
        Effective.at(s.dialect, s.location.path, s.directive, s.host, line=s.location.line, scope=s.host)
        for s in sources
    )
    config = main if files else None
    return TimeDaemon(name, unit, config, source_hosts(tuple(sources)), cited, tuple(files))


TIME_READS = _conf_reads("timesyncd.conf") | Reads(
    files=(CHRONY_CONF, *(conf for _, _, conf in NTP_CONFS)),
    globs=("/etc/chrony/sources.d/*.sources", "/etc/chrony/conf.d/*.conf", "/run/chrony-dhcp/*.sources"),
    follows=(Follow(FollowKind.INCLUDE, ("sourcedir", "confdir", "include", "includefile"), depth=1),),
)


@declares(TIME_READS)
def gather_time_sync(target: Target) -> TimeSyncFacts:
    issues: list[ParseIssue] = []
    daemons = [
        _timesyncd(target, issues),
        _time_daemon(target, "chrony", "chrony.service", CHRONY_CONF, True),
    ]
    daemons += [_time_daemon(target, name, unit, conf, False) for name, unit, conf in NTP_CONFS]
    return TimeSyncFacts(tuple(daemons), tuple(issues))
