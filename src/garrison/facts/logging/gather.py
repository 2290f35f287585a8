"""Gatherer of the logging facts (thin I/O around the pure parsers), and the helpers the time gatherer shares:
systemd configuration files with drop-ins, includes followed by glob."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from garrison.effective import Effective, Source
from garrison.errors import SymlinkProblem
from garrison.facts.logging.conf import (
    CONF_DIRS,
    ConfEntry,
    commented_settings,
    dropin_order,
    last_value,
    parse_conf,
)
from garrison.facts.logging.model import (
    FORWARD_TO_SYSLOG_DEFAULT,
    JOURNAL_DIR,
    STORAGE_DEFAULT,
    STORAGE_VALUES,
    LoggingFacts,
    SyslogDaemon,
)
from garrison.facts.logging.syslog import SyslogConfig, SyslogOutput, parse_rsyslog, parse_syslog_ng
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.model import Dialect, ParseIssue, SettingRef
from garrison.targets.base import FileKind, Target, read_if_present

MAX_INCLUDES = 8
RSYSLOG_CONF = "/etc/rsyslog.conf"
SYSLOG_NG_CONF = "/etc/syslog-ng/syslog-ng.conf"


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


@dataclass(frozen=True, slots=True)
class SystemdConf:
    """A systemd configuration: its assignments in the order systemd reads them, the files, where an absent
    option belongs (the main file, else where it would be) and the main file's commented-out options."""

    entries: list[ConfEntry]
    files: list[str]
    main: str
    commented: dict[str, int]

    def default(self, section: str, key: str, value: str) -> Effective[str]:
        """An absent option: its built-in value, cited at the main file's `#Key=` line when it has one."""
        ref = SettingRef(Dialect.SYSTEMD, self.main, key, f"[{section}]")
        return Effective(value, value, ref, self.commented.get(key), Source.DEFAULT)


def systemd_conf(target: Target, name: str, issues: list[ParseIssue]) -> SystemdConf:
    entries: list[ConfEntry] = []
    files = conf_files(target, name)
    main, commented = f"{CONF_DIRS[0]}/{name}", {}
    for path in files:
        text = read_if_present(target, path) or ""
        parsed, problems = parse_conf(text, path)
        entries += parsed
        issues += problems
        if path.endswith(f"/{name}"):
            main, commented = path, commented_settings(text)
    return SystemdConf(entries, files, main, commented)


def conf_reads(name: str) -> Reads:
    return Reads(
        files=tuple(f"{d}/{name}" for d in CONF_DIRS), trees=tuple((f"{d}/{name}.d", 1) for d in CONF_DIRS)
    )


def _effective(
    conf: SystemdConf, section: str, key: str, default: str, allowed: tuple[str, ...]
) -> Effective[str]:
    """The last valid assignment of a single-valued option; systemd ignores an invalid one."""
    entries = conf.entries
    valid = [e for e in entries if e.section == section and e.key == key and e.value.lower() in allowed]
    entry = last_value(valid, section, key)
    if entry is None:
        return conf.default(section, key, default)
    path, line = entry.location.path, entry.location.line
    return Effective.at(Dialect.SYSTEMD, path, key, entry.value.lower(), line=line, scope=f"[{section}]")


def included(target: Target, pattern: str, base: str) -> tuple[str, ...]:
    pattern = pattern if pattern.startswith("/") else posixpath.join(base, pattern)
    if any(c in pattern for c in "*?["):
        return tuple(p for p in target.glob(pattern) if target.stat(p) is not None)
    return (pattern,) if target.stat(pattern) is not None else ()


def _syslog(
    target: Target, main: str, parse: Callable[[str, str], tuple[SyslogConfig, tuple[ParseIssue, ...]]]
) -> tuple[list[str], list[SyslogOutput], list[str]] | None:
    """Every file of a syslog daemon's configuration (includes followed to a bounded depth), its outputs and
    loaded modules; None when the main file is absent."""
    if read_if_present(target, main) is None:
        return None
    files: list[str] = []
    outputs: list[SyslogOutput] = []
    modules: list[str] = []
    used: set[str] = set()
    todo = [(main, 0)]
    while todo:
        path, depth = todo.pop(0)
        text = read_if_present(target, path)
        if text is None or path in files:
            continue
        files.append(path)
        parsed, _ = parse(text, path)
        outputs += parsed.outputs
        modules += parsed.modules
        used.update(parsed.used)
        if depth < MAX_INCLUDES:
            for pattern, _where in parsed.includes:
                todo += [(p, depth + 1) for p in included(target, pattern, posixpath.dirname(path))]
    if parse is parse_syslog_ng:  # a destination no log path uses sends nothing
        outputs = [o for o in outputs if o.selector in used]
    return files, outputs, modules


_SYSLOG_DAEMONS = (
    ("rsyslog", "rsyslog.service", RSYSLOG_CONF, parse_rsyslog),
    ("syslog-ng", "syslog-ng.service", SYSLOG_NG_CONF, parse_syslog_ng),
)

LOGGING_READS = (
    conf_reads("journald.conf")
    | conf_reads("journal-upload.conf")
    | Reads(
        files=(JOURNAL_DIR, RSYSLOG_CONF, SYSLOG_NG_CONF),
        globs=("/etc/rsyslog.d/*.conf", "/etc/syslog-ng/conf.d/*.conf"),
        follows=(Follow(FollowKind.INCLUDE, ("$IncludeConfig", "include", "@include")),),
    )
)


@declares(LOGGING_READS)
def gather_logging(target: Target) -> LoggingFacts:
    issues: list[ParseIssue] = []
    journald = systemd_conf(target, "journald.conf", issues)
    entries, files = journald.entries, journald.files
    storage = _effective(journald, "Journal", "Storage", STORAGE_DEFAULT, STORAGE_VALUES)
    forward = _effective(journald, "Journal", "ForwardToSyslog", FORWARD_TO_SYSLOG_DEFAULT, _BOOLS)
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
    upload = systemd_conf(target, "journal-upload.conf", issues)
    url = last_value(upload.entries, "Upload", "URL")
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
        upload_files=tuple(upload.files),
        issues=tuple(issues),
    )


_BOOLS = ("yes", "no", "true", "false", "on", "off", "1", "0", "y", "n", "t", "f")


def _yes_no(value: Effective[str]) -> Effective[str]:
    """A systemd boolean as `yes` or `no`."""
    word = "yes" if value.value in ("yes", "true", "on", "1", "y", "t") else "no"
    return Effective(word, value.shown, value.setting, value.line, value.source)
