"""NTP sources of chrony and ntpd: chrony.conf(5) (chrony 4.3, Debian 12) and ntp.conf(5) (ntpsec 1.2, ntp).

chrony: `server host ...`, `pool host ...` and `peer host ...` name sources; `sourcedir dir` reads
`dir/*.sources` (server/pool/peer lines only), `confdir dir` reads `dir/*.conf`, `include pattern` a glob;
`#`, `!`, `;` and `%` start comments. ntpd / ntpsec: `server`, `pool` and `peer` lines name sources
(`server 127.127.1.0` is the local clock driver, not a time source), `includefile path` another file, `#`
a comment. Debian 12's chrony.conf has `pool 2.debian.pool.ntp.org iburst`, `sourcedir /run/chrony-dhcp` and
`sourcedir /etc/chrony/sources.d`; ntpsec's has four `pool N.debian.pool.ntp.org iburst` lines.

    parse_chrony(text, path) / parse_ntp(text, path) -> (TimeConfig, issues)

Pure, never raise.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from garrison.model import Dialect, Location, ParseIssue, SettingRef


class IncludeKind(StrEnum):
    SOURCEDIR = "sourcedir"  # chrony: dir/*.sources
    CONFDIR = "confdir"  # chrony: dir/*.conf
    GLOB = "include"  # chrony `include`, ntpd `includefile`: a path or glob


@dataclass(frozen=True, slots=True)
class TimeSource:
    directive: str  # server | pool | peer
    host: str
    location: Location
    dialect: Dialect

    @property
    def setting(self) -> SettingRef:
        return SettingRef(self.dialect, self.location.path, self.directive, self.host)


@dataclass(frozen=True, slots=True)
class TimeConfig:
    sources: tuple[TimeSource, ...] = ()
    includes: tuple[tuple[IncludeKind, str, Location], ...] = ()


_SOURCE_WORDS = frozenset({"server", "pool", "peer"})
_LOCAL_CLOCK = "127.127."


def _lines(text: str, comments: str) -> list[tuple[int, list[str]]]:
    found = []
    for number, raw in enumerate(text.split("\n"), start=1):
        words = raw.split()
        if words and words[0][0] not in comments:
            found.append((number, words))
    return found


def parse_chrony(
    text: str, path: str, *, sources_only: bool = False
) -> tuple[TimeConfig, tuple[ParseIssue, ...]]:
    """Pure, never raises. `sources_only`: a `.sources` file of a sourcedir, where only source lines count."""
    sources: list[TimeSource] = []
    includes: list[tuple[IncludeKind, str, Location]] = []
    issues: list[ParseIssue] = []
    for number, words in _lines(text, "#!;%"):
        where = Location(path, number)
        directive = words[0].lower()
        if directive in _SOURCE_WORDS:
            if len(words) < 2:
                issues.append(ParseIssue(where, f"{directive} without a host name"))
                continue
            sources.append(TimeSource(directive, words[1], where, Dialect.CHRONY))
        elif sources_only:
            continue
        elif directive in ("sourcedir", "confdir") and len(words) > 1:
            kind = IncludeKind.SOURCEDIR if directive == "sourcedir" else IncludeKind.CONFDIR
            includes += [(kind, word, where) for word in words[1:]]
        elif directive == "include" and len(words) > 1:
            includes.append((IncludeKind.GLOB, words[1], where))
    return TimeConfig(tuple(sources), tuple(includes)), tuple(issues)


def parse_ntp(text: str, path: str) -> tuple[TimeConfig, tuple[ParseIssue, ...]]:
    """Pure, never raises. The local clock driver (127.127.x.y) is not a time source."""
    sources: list[TimeSource] = []
    includes: list[tuple[IncludeKind, str, Location]] = []
    issues: list[ParseIssue] = []
    for number, words in _lines(text, "#"):
        where = Location(path, number)
        directive = words[0].lower()
        if directive in _SOURCE_WORDS:
            if len(words) < 2:
                issues.append(ParseIssue(where, f"{directive} without a host name"))
            elif not words[1].startswith(_LOCAL_CLOCK):
                sources.append(TimeSource(directive, words[1], where, Dialect.NTP))
        elif directive == "includefile" and len(words) > 1:
            includes.append((IncludeKind.GLOB, words[1], where))
    return TimeConfig(tuple(sources), tuple(includes)), tuple(issues)
