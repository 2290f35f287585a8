"""Logging rule on the clock: a time synchronisation daemon starts at boot and has NTP sources.

A daemon counts when its unit is enabled (SystemdUnitsFacts) and it has at least one source: timesyncd's
NTP= or, without it, FallbackNTP= (Debian compiles in 0..3.debian.pool.ntp.org); chrony's and ntpd's
server/pool/peer lines, with chrony's sourcedir/confdir/include files.
"""

from __future__ import annotations

from garrison.facts.logging import TimeDaemon, TimeSyncFacts
from garrison.facts.packages import SystemdUnitsFacts, UnitState
from garrison.model import Evidence, Outcome, Relation, Severity, Wanted, failed, passed
from garrison.rules.expect import whole_file
from garrison.rules.logging.common import enablement, runs
from garrison.rules.registry import rule
from garrison.rules.wording import listing

_SOURCES = Wanted(Relation.PRESENT)


def _sources(daemon: TimeDaemon) -> list[Evidence]:
    if daemon.cited:
        return [value.cite("an NTP server or pool") for value in daemon.cited]
    where = daemon.config or daemon.unit
    return [whole_file(where, "no server, pool or peer line", "an NTP server or pool", wanted=_SOURCES)]


@rule(
    id="logging.time-sync",
    title="The clock is synchronised with NTP servers",
    problem="No time synchronisation daemon with NTP servers starts at boot",
    severity=Severity.LOW,
    rationale="""A drifting clock puts log lines from different hosts out of order, breaks certificate
        validity checks, TOTP codes and replay windows, and makes an incident's timeline guesswork.
        systemd-timesyncd, chrony or ntpd must start at boot and know at least one NTP server.""",
    remediation="""apt install systemd-timesyncd   # or chrony
systemctl enable --now systemd-timesyncd.service""",
    references=("guide:003 compliance (audit logging: tamper-proof logging)",),
)
def time_sync(clock: TimeSyncFacts, units: SystemdUnitsFacts) -> Outcome:
    enabled = [d for d in clock.daemons if runs(units, d.unit)]
    good = [d for d in enabled if d.sources]
    if good:
        first = good[0]
        hosts = listing(first.sources, limit=3)
        return passed(
            f"{first.name} is enabled with {hosts}",
            enablement(units.status(first.unit)),
            *_sources(first)[:1],
        )
    if enabled:
        proof = [e for d in enabled for e in _sources(d)]
        names = listing(d.name for d in enabled)
        return failed(f"{names} enabled but without any NTP server, pool or peer", *proof)
    installed = [d for d in clock.daemons if units.status(d.unit).state is not UnitState.ABSENT]
    if installed:
        states = listing(f"{d.unit} {units.status(d.unit).state}" for d in installed)
        return failed(
            f"no time daemon starts at boot: {states}", *(enablement(units.status(d.unit)) for d in installed)
        )
    looked = listing(d.unit for d in clock.daemons)
    timesyncd = clock.daemons[0]
    return failed(
        f"no time synchronisation daemon is installed (looked for {looked})",
        enablement(units.status(timesyncd.unit), "sysinit"),
    )
