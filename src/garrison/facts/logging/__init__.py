"""Logging and time facts: journald's storage, syslog daemons' outputs (files and remote hosts), journal
upload, and the NTP sources of systemd-timesyncd, chrony and ntpd. Whether each daemon starts at boot is
`SystemdUnitsFacts` (garrison.facts.packages).
"""

from __future__ import annotations

from garrison.facts.logging.model import (
    DEBIAN_FALLBACK_NTP,
    JOURNAL_DIR,
    LoggingFacts,
    SyslogDaemon,
    TimeDaemon,
    TimeSyncFacts,
)
from garrison.facts.logging.syslog import OutputKind, SyslogOutput
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = [
    "DEBIAN_FALLBACK_NTP",
    "JOURNAL_DIR",
    "LoggingFacts",
    "OutputKind",
    "SyslogDaemon",
    "SyslogOutput",
    "TimeDaemon",
    "TimeSyncFacts",
    "gatherers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.logging.gather import gather_logging
    from garrison.facts.logging.timegather import gather_time_sync

    return {LoggingFacts: gather_logging, TimeSyncFacts: gather_time_sync}
