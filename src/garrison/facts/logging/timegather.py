"""Gatherer of the time facts: timesyncd.conf with drop-ins, chrony.conf with its sourcedir/confdir/include
files, ntp.conf of ntpsec and ntp with includefile (thin I/O around the pure parsers)."""

from __future__ import annotations

import posixpath

from garrison.effective import Effective
from garrison.facts.logging.conf import list_value
from garrison.facts.logging.gather import MAX_INCLUDES, conf_reads, included, systemd_conf
from garrison.facts.logging.model import DEBIAN_FALLBACK_NTP, TimeDaemon, TimeSyncFacts, source_hosts
from garrison.facts.logging.timesync import IncludeKind, TimeConfig, TimeSource, parse_chrony, parse_ntp
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.model import Dialect, ParseIssue
from garrison.targets.base import Target, read_if_present

CHRONY_CONF = "/etc/chrony/chrony.conf"
NTP_CONFS = (("ntpsec", "ntpsec.service", "/etc/ntpsec/ntp.conf"), ("ntp", "ntp.service", "/etc/ntp.conf"))

_EMPTY = "an empty list"


def _timesyncd(target: Target, issues: list[ParseIssue]) -> TimeDaemon:
    conf = systemd_conf(target, "timesyncd.conf", issues)
    entries, files, where = conf.entries, conf.files, conf.main
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
        cited.append(conf.default("Time", "FallbackNTP", shown))
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
            named += [(p, True) for p in included(target, f"{name.rstrip('/')}/*.sources", base)]
        elif kind is IncludeKind.CONFDIR:
            named += [(p, False) for p in included(target, f"{name.rstrip('/')}/*.conf", base)]
        else:
            named += [(p, False) for p in included(target, name, base)]
    return named


def _time_daemon(target: Target, name: str, unit: str, main: str, chrony: bool) -> TimeDaemon:
    sources: list[TimeSource] = []
    files: list[str] = []
    todo: list[tuple[str, bool, int]] = [(main, False, 0)]
    while todo:
        path, only, depth = todo.pop(0)
        text = read_if_present(target, path)
        if text is None or path in files:
            continue
        files.append(path)
        parsed, _ = parse_chrony(text, path, sources_only=only) if chrony else parse_ntp(text, path)
        sources += parsed.sources
        if depth < MAX_INCLUDES:
            base = posixpath.dirname(path)
            if chrony:
                todo += [(p, o, depth + 1) for p, o in _chrony_files(target, parsed, base)]
            else:
                todo += [
                    (p, False, depth + 1) for _, n, _ in parsed.includes for p in included(target, n, base)
                ]
    cited = tuple(
        Effective.at(s.dialect, s.location.path, s.directive, s.host, line=s.location.line, scope=s.host)
        for s in sources
    )
    config = main if files else None
    return TimeDaemon(name, unit, config, source_hosts(tuple(sources)), cited, tuple(files))


TIME_READS = conf_reads("timesyncd.conf") | Reads(
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
