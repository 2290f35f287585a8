"""Logging rules on where logs go: kept on disk across reboots, and copied to another host.

journald keeps its data in /var/log/journal when `Storage=persistent`, or `auto` with that directory present
(journald.conf(5)); otherwise only in memory under /run. A syslog daemon that starts at boot and writes files
keeps logs too: rsyslog gets journald's messages through the ForwardToSyslog= socket unless it loads
imjournal; syslog-ng's system() source reads the journal itself.
"""

from __future__ import annotations

from garrison.facts.logging import JOURNAL_DIR, LoggingFacts, OutputKind, SyslogDaemon, SyslogOutput
from garrison.facts.packages import SystemdUnitsFacts, UnitState
from garrison.model import Dialect, Evidence, Outcome, Relation, Severity, Wanted, failed, passed
from garrison.rules.expect import Effective, context, equals, whole_file
from garrison.rules.logging.common import enablement, runs
from garrison.rules.registry import rule
from garrison.rules.wording import listing, plural

G003 = "guide:003 compliance (audit logging: tamper-proof logging, log retention, log forwarding)"
G004 = "guide:004 monitoring and logging (enable logging, secure logs)"
UPLOAD_UNIT = "systemd-journal-upload.service"
UPLOAD_CONF = "/etc/systemd/journal-upload.conf"


def _output(item: SyslogOutput, expected: str) -> Evidence:
    at = item.location
    value = Effective(item.target, item.target, item.setting, at.line)
    return value.cite(expected)


def _writes(logging: LoggingFacts, units: SystemdUnitsFacts, daemon: SyslogDaemon) -> str | None:
    """Why the daemon keeps no logs on disk, None when it does."""
    state = units.status(daemon.unit).state
    if state not in (UnitState.ENABLED, UnitState.STATIC):
        return f"{daemon.name} is {'not installed' if state is UnitState.ABSENT else state}"
    if not daemon.outputs_of(OutputKind.FILE):
        return f"{daemon.name} writes no log file"
    if not daemon.reads_journal and logging.forward_to_syslog.value == "no":
        return f"{daemon.name} gets nothing: ForwardToSyslog=no and imjournal is not loaded"
    return None


def _storage(logging: LoggingFacts) -> str:
    value = logging.storage.value
    if value == "none":
        return "journald stores nothing (Storage=none)"
    if value == "volatile":
        return "journald keeps logs in memory only (Storage=volatile)"
    if value == "auto" and not logging.journal_dir:
        return f"journald keeps logs in memory only (Storage=auto and no {JOURNAL_DIR})"
    return f"journald keeps logs in {JOURNAL_DIR} (Storage={value})"


@rule(
    id="logging.persistent-logs",
    title="System logs are kept on disk across reboots",
    problem="System logs are kept only in memory and are lost at a reboot",
    severity=Severity.MEDIUM,
    rationale="""With a volatile journal and no syslog daemon writing files, every log line is gone after a
        reboot or a crash - the moment an investigation needs them. journald keeps its data on disk only
        with Storage=persistent, or Storage=auto (the default) when /var/log/journal exists.""",
    remediation="""mkdir -p /var/log/journal && systemd-tmpfiles --create --prefix /var/log/journal
# or, explicitly: /etc/systemd/journald.conf.d/50-persistent.conf
[Journal]
Storage=persistent""",
    references=(G004, G003),
)
def persistent_logs(logging: LoggingFacts, units: SystemdUnitsFacts) -> Outcome:
    storage = logging.storage.cite("persistent", wanted=equals("persistent"))
    journal = _storage(logging)
    if logging.issues:
        ignored = listing((str(i.location) for i in logging.issues), limit=3)
        journal += f" ({plural(len(logging.issues), 'line')} systemd ignores: {ignored})"
    if logging.persistent_journal:
        return passed(journal, storage)
    reasons: list[str] = []
    for daemon in logging.daemons:
        why = _writes(logging, units, daemon)
        if why is None:
            files = daemon.outputs_of(OutputKind.FILE)
            shown = listing((o.target for o in files), limit=3)
            return passed(f"{journal}, but {daemon.name} writes {shown}", _output(files[0], "a log file"))
        reasons.append(why)
    if not logging.daemons:
        reasons.append("no rsyslog or syslog-ng configuration")
    proof = [storage, *(enablement(units.status(d.unit)) for d in logging.daemons if not runs(units, d.unit))]
    return failed(f"{journal}; {'; '.join(reasons)}", *proof)


def _remote(logging: LoggingFacts, units: SystemdUnitsFacts) -> tuple[list[Evidence], list[str]]:
    """Forwarding that works (evidence), and why each configured one does not (reasons)."""
    working: list[Evidence] = []
    reasons: list[str] = []
    for daemon in logging.daemons:
        remote = daemon.outputs_of(OutputKind.REMOTE)
        if not remote:
            reasons.append(f"{daemon.name} has no remote destination")
        elif not runs(units, daemon.unit):
            reasons.append(
                f"{daemon.name} forwards to {remote[0].target} but is {units.status(daemon.unit).state}"
            )
        else:
            working += [_output(o, "a remote log host") for o in remote]
    if logging.upload_url is not None:
        if runs(units, UPLOAD_UNIT):
            working.append(logging.upload_url.cite("a remote journal URL"))
        else:
            state = units.status(UPLOAD_UNIT).state
            reasons.append(
                f"journal upload to {logging.upload_url.value} is set but {UPLOAD_UNIT} is {state}"
            )
    return working, reasons


@rule(
    id="logging.remote-forwarding",
    title="Logs are copied to another host",
    problem="Logs are kept only on this host",
    severity=Severity.INFO,
    rationale="""An intruder with root can edit or delete local logs; a copy sent as it is written to a
        log host (rsyslog omfwd or `@@host`, a syslog-ng network destination, systemd-journal-upload) is
        out of reach and is what makes logging tamper-evident. The guides list log forwarding among the
        audit-logging features rather than as a requirement, hence info.""",
    remediation="""# /etc/rsyslog.d/90-forward.conf
*.* action(type="omfwd" target="logs.example.net" port="6514" protocol="tcp")""",
    references=(G003,),
)
def remote_forwarding(logging: LoggingFacts, units: SystemdUnitsFacts) -> Outcome:
    working, reasons = _remote(logging, units)
    if working:
        return passed(f"logs are forwarded to {listing((e.actual for e in working), limit=3)}", *working)
    proof: list[Evidence] = [
        whole_file(d.config, "no remote destination", "a forwarding action")
        for d in logging.daemons
        if not d.outputs_of(OutputKind.REMOTE)
    ]
    proof += [enablement(units.status(d.unit)) for d in logging.daemons if d.outputs_of(OutputKind.REMOTE)]
    if logging.upload_url is not None:
        proof.append(enablement(units.status(UPLOAD_UNIT)))
        proof.append(
            context(logging.upload_url.setting.path, logging.upload_url.line, logging.upload_url.value)
        )
    if not logging.daemons and logging.upload_url is None:
        url = Effective.default(Dialect.SYSTEMD, UPLOAD_CONF, "URL", "unset", scope="[Upload]")
        proof.append(url.cite("a log host", wanted=Wanted(Relation.PRESENT)))
        reasons.append("no syslog daemon is configured and systemd-journal-upload has no URL=")
    return failed("; ".join(reasons), *proof)
