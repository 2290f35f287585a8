"""Logging and time facts: where the journal keeps its data, what syslog daemons write and forward, which
NTP sources each time daemon has. Enablement of the daemons is `SystemdUnitsFacts`' (the packages pack).

Compiled defaults (journald.conf(5), timesyncd.conf(5) of systemd 252, Debian 12; unchanged in 257):
`Storage=auto` (persistent when /var/log/journal exists, which systemd's postinst creates on Debian 11 and
later), `ForwardToSyslog=yes` (Debian's: 252 patches the compiled default, 257 ships it as the drop-in
/usr/lib/systemd/journald.conf.d/syslog.conf; upstream's default is no); timesyncd's FallbackNTP is Debian's
`0.debian.pool.ntp.org` ... `3.debian.pool.ntp.org` (the shipped timesyncd.conf shows it).
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.effective import Effective
from garrison.facts.logging.syslog import OutputKind, SyslogOutput
from garrison.facts.logging.timesync import TimeSource
from garrison.model import ParseIssue

JOURNAL_DIR = "/var/log/journal"
STORAGE_VALUES = ("volatile", "persistent", "auto", "none")
STORAGE_DEFAULT = "auto"
FORWARD_TO_SYSLOG_DEFAULT = "yes"
DEBIAN_FALLBACK_NTP = tuple(f"{n}.debian.pool.ntp.org" for n in range(4))


@dataclass(frozen=True, slots=True)
class SyslogDaemon:
    """A syslog daemon whose main configuration file exists: rsyslog or syslog-ng."""

    name: str  # rsyslog | syslog-ng
    unit: str  # its systemd service
    config: str  # the main configuration file
    files: tuple[str, ...]  # every file read, includes resolved
    outputs: tuple[SyslogOutput, ...]
    modules: tuple[str, ...] = ()

    def outputs_of(self, kind: OutputKind) -> tuple[SyslogOutput, ...]:
        return tuple(o for o in self.outputs if o.kind is kind)

    @property
    def reads_journal(self) -> bool:
        """Whether it reads the journal itself (rsyslog's imjournal; syslog-ng's system() source does)
        rather than relying on journald's ForwardToSyslog= socket."""
        return self.name == "syslog-ng" or "imjournal" in self.modules


@dataclass(frozen=True, slots=True)
class LoggingFacts:
    """journald's effective Storage= and ForwardToSyslog=, whether /var/log/journal exists, the syslog
    daemons configured, and systemd-journal-upload's URL= (None when never set)."""

    storage: Effective[str]
    forward_to_syslog: Effective[str]
    journal_dir: bool
    journald_files: tuple[str, ...]
    daemons: tuple[SyslogDaemon, ...]
    upload_url: Effective[str] | None
    upload_files: tuple[str, ...]
    issues: tuple[ParseIssue, ...] = ()

    @property
    def persistent_journal(self) -> bool:
        value = self.storage.value
        return value == "persistent" or (value == "auto" and self.journal_dir)


@dataclass(frozen=True, slots=True)
class TimeDaemon:
    """A time synchronisation daemon and its NTP sources; `config` is None when its file is absent."""

    name: str  # systemd-timesyncd | chrony | ntpsec | ntp
    unit: str
    config: str | None
    sources: tuple[str, ...]  # host names / addresses
    cited: tuple[Effective[str], ...]  # where the sources are set (or, for defaults, belong)
    files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeSyncFacts:
    daemons: tuple[TimeDaemon, ...]
    issues: tuple[ParseIssue, ...] = ()

    def daemon(self, name: str) -> TimeDaemon | None:
        return next((d for d in self.daemons if d.name == name), None)


def source_hosts(sources: tuple[TimeSource, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.host for s in sources))
