"""Secrets rules on files: secret files' modes, service logs' rotation and modes."""

from __future__ import annotations

from garrison.facts.secrets import SecretsFacts
from garrison.model import Outcome, Severity, failed, not_applicable, passed
from garrison.rules.expect import file_mode, whole_file
from garrison.rules.registry import rule
from garrison.rules.wording import counted, mode, nothing_to_check, plural


@rule(
    id="secrets.file-modes",
    title="Secret files near service configs are not readable by others",
    problem="A secret file near a service config is readable by every user",
    severity=Severity.HIGH,
    rationale="Private keys, .env files and secrets/ entries that every local user can read leak to any "
    "compromised service account on the host.",
    remediation="chmod 600 <file>   (or 640 root:<service group>); chmod 700 the secrets directory",
    references=("guide:001 file system (chmod 600 *.key)", "guide:004 secret management"),
)
def file_modes(secrets: SecretsFacts) -> Outcome:
    if not secrets.sensitive_files:
        return not_applicable("no key, secret or env files found near service configs")
    loose = [f for f in secrets.sensitive_files if f.mode & 0o004]
    if loose:
        return failed(
            f"{counted(len(loose), 'secret file', 'is', 'are')} readable by every user",
            *(file_mode(f.path, f"{f.kind}, {mode(f.mode)}", "0600 or 0640") for f in loose),
        )
    return passed(
        f"{counted(len(secrets.sensitive_files), 'secret file', 'is', 'are')} closed to other users"
    )


@rule(
    id="secrets.logrotate-coverage",
    title="Service logs are rotated by logrotate",
    problem="A service log directory is not rotated by logrotate",
    severity=Severity.LOW,
    rationale="Unrotated service logs grow until the disk is full, which stops logging (and often the "
    "service) exactly when an attack makes them grow fastest.",
    remediation="/etc/logrotate.d/<service>:\n/var/log/<service>/*.log {\n    daily\n    rotate 7\n"
    "    compress\n    missingok\n    notifempty\n}",
    references=("guide:004 log management (log rotation)",),
)
def logrotate_coverage(secrets: SecretsFacts) -> Outcome:
    if not secrets.log_dirs:
        return not_applicable("no log directory of an audited service found")
    bare = [d for d in secrets.log_dirs if d.covered_by is None]
    if bare:
        return failed(
            f"{counted(len(bare), 'service log directory', 'has', 'have', 'service log directories')} "
            "no logrotate stanza",
            *(
                # the directory as a whole is not rotated; the setting names the stanza it needs
                whole_file(
                    d.path,
                    f"{d.service}: {plural(len(d.files), 'log file')}, not rotated",
                    "a /etc/logrotate.d stanza",
                    setting=d.rotation,
                )
                for d in bare
            ),
        )
    return passed("every service log directory is rotated", secrets.log_dirs[0].stanza.cite())


@rule(
    id="secrets.service-log-mode",
    title="Service log files are not readable by every user",
    problem="A service log file is readable by every user",
    severity=Severity.LOW,
    rationale="Service logs carry client addresses, user names and sometimes tokens; other users on the "
    "host have no business reading them.",
    remediation="chmod 640 /var/log/<service>/*.log   (and `create 640 <user> adm` in the logrotate stanza)",
    references=("guide:004 log management (secure logs)",),
)
def service_log_mode(secrets: SecretsFacts) -> Outcome:
    if not secrets.log_dirs:
        return not_applicable("no log directory of an audited service found")
    if not any(d.files for d in secrets.log_dirs):
        return nothing_to_check("the service log directories hold no log file")
    loose = [(path, mode) for d in secrets.log_dirs for path, mode in d.files if mode & 0o004]
    if loose:
        return failed(
            f"{counted(len(loose), 'service log file', 'is', 'are')} readable by every user",
            *(file_mode(path, mode(bits), "0640 or tighter") for path, bits in loose[:20]),
        )
    return passed("service log files are closed to other users")
