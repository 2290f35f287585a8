"""sshd session and daemon rules: idle timeouts, logging, session and startup limits, StrictModes, and
the permissions of sshd_config and the files it includes."""

from __future__ import annotations

from garrison.facts.accounts import OwnerNames
from garrison.facts.sshd import SshdFacts
from garrison.model import Outcome, Relation, Severity, Status, Wanted, failed, passed
from garrison.rules.expect import file_mode
from garrison.rules.registry import rule
from garrison.rules.ssh.common import at_most, judge, number, require
from garrison.rules.wording import agree, permissions, plural


@rule(
    id="ssh.client-alive",
    title="SSH drops dead or idle client connections",
    problem="SSH keeps dead or idle client connections open",
    severity=Severity.LOW,
    rationale="Without keepalive probes, abandoned sessions stay logged in indefinitely and can be "
    "hijacked from an unlocked terminal.",
    remediation="ClientAliveInterval 300\nClientAliveCountMax 3",
)
def client_alive(sshd: SshdFacts) -> Outcome:
    interval = judge(
        sshd,
        "clientaliveinterval",
        "ClientAliveInterval",
        lambda v: 0 < number(v) <= 3600,
        "1 to 3600 seconds",
    )
    count = judge(
        sshd, "clientalivecountmax", "ClientAliveCountMax", lambda v: 1 <= number(v) <= 10, "1 to 10"
    )

    if interval.status is Status.FAIL or count.status is Status.FAIL:
        bad = [o for o in (interval, count) if o.status is Status.FAIL]
        return failed("; ".join(o.message for o in bad), *(e for o in bad for e in o.evidence))
    return passed(f"{interval.message}; {count.message}", *interval.evidence, *count.evidence)


@rule(
    id="ssh.log-level",
    title="SSH logs at INFO or VERBOSE",
    problem="SSH logs below INFO or at a DEBUG level",
    severity=Severity.LOW,
    rationale="Below INFO, failed and accepted logins are not recorded; DEBUG levels log private data "
    "about users and are not meant for production.",
    remediation="LogLevel VERBOSE",
    references=("guide:002 periodic checks",),
)
def log_level(sshd: SshdFacts) -> Outcome:
    return judge(
        sshd,
        "loglevel",
        "LogLevel",
        lambda v: v in ("INFO", "VERBOSE"),
        "INFO or VERBOSE",
        wanted=Wanted(Relation.ONE_OF, ("INFO", "VERBOSE")),
    )


@rule(
    id="ssh.max-sessions",
    title="SSH allows at most 10 sessions per connection",
    problem="SSH allows more than 10 sessions per connection",
    severity=Severity.LOW,
    rationale="A high session count lets one authenticated connection multiplex many shells and channels, "
    "hiding activity and using up resources.",
    remediation="MaxSessions 10",
)
def max_sessions(sshd: SshdFacts) -> Outcome:
    return judge(
        sshd,
        "maxsessions",
        "MaxSessions",
        lambda v: 0 <= number(v) <= 10,
        "10 or less",
        wanted=at_most("10"),
    )


def _startups_ok(value: str) -> bool:
    parts = value.split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return False
    begin, rate, full = (int(p) for p in parts)
    return begin <= 10 and rate >= 30 and full <= 60


@rule(
    id="ssh.max-startups",
    title="SSH limits concurrent unauthenticated connections (10:30:60 or stricter)",
    problem="SSH allows too many concurrent unauthenticated connections",
    severity=Severity.LOW,
    rationale="Capping unauthenticated connections and dropping them early blunts connection floods and "
    "parallel brute force.",
    remediation="MaxStartups 10:30:60",
)
def max_startups(sshd: SshdFacts) -> Outcome:
    return judge(sshd, "maxstartups", "MaxStartups", _startups_ok, "10:30:60 or stricter")


@rule(
    id="ssh.strict-modes",
    title="SSH checks the permissions of users' key files",
    problem="SSH does not check the permissions of users' key files",
    severity=Severity.MEDIUM,
    rationale="Without StrictModes, sshd trusts authorized_keys files that other users can write, letting "
    "them add their own keys.",
    remediation="StrictModes yes",
)
def strict_modes(sshd: SshdFacts) -> Outcome:
    return require(sshd, "strictmodes", "StrictModes", "yes")


@rule(
    id="ssh.config-permissions",
    title="The sshd config files are root-owned and not writable by others",
    problem="An sshd config file can be changed by a non-root user",
    severity=Severity.MEDIUM,
    rationale="Whoever can write the SSH server's configuration can grant themselves root logins at the "
    "next reload.",
    remediation="chown root:root /etc/ssh/sshd_config && chmod 644 /etc/ssh/sshd_config   (same for "
    "/etc/ssh/sshd_config.d/*.conf)",
)
def config_permissions(sshd: SshdFacts, names: OwnerNames) -> Outcome:
    bad = [
        file_mode(
            f.path,
            permissions(f.mode, f.uid, f.gid, names),
            "owner root, not group/world-writable",
            key="mode" if f.mode & 0o022 else "owner",
        )
        for f in sshd.files
        if f.mode & 0o022 or f.uid != 0
    ]
    if bad:
        return failed(f"{plural(len(bad), 'sshd config file')} can be changed by non-root users", *bad)
    count = len(sshd.files)
    verb = agree(count, "is", "are")
    return passed(f"{plural(count, 'sshd config file')} {verb} root-owned and not writable by others")


@rule(
    id="ssh.pubkey-authentication",
    title="SSH public key authentication is enabled",
    problem="SSH public key authentication is disabled",
    severity=Severity.LOW,
    rationale="With key logins off, the only way in is a password or keyboard-interactive prompt, "
    "which brute force can reach.",
    remediation="PubkeyAuthentication yes",
    references=("guide:002 step 1", "guide:004 os basics"),
)
def pubkey_authentication(sshd: SshdFacts) -> Outcome:
    return require(sshd, "pubkeyauthentication", "PubkeyAuthentication", "yes")
