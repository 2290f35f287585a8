"""Filesystem rules on the account databases, sudo's policy files and cron's files."""

from __future__ import annotations

from garrison.facts.accounts import OwnerNames
from garrison.facts.filesystem import CRON_DIRS, CRONTAB, SUDOERS, SUDOERS_D, FileStat, SensitiveFilesFacts
from garrison.model import Outcome, Severity, not_applicable
from garrison.rules.filesystem.modes import Policy, judge_each, judge_files
from garrison.rules.registry import rule

#: Debian's base-passwd gives the `shadow` group the static gid 42.
SHADOW_GID = 42


#: What Debian installs /etc/passwd and /etc/group as.
_WORLD_READABLE = Policy(0o644, expected="0644 root:root")


def _present(files: SensitiveFilesFacts, paths: tuple[str, ...]) -> list[FileStat]:
    return [st for p in paths if (st := files.get(p)) is not None]


def _database(
    files: SensitiveFilesFacts, names: OwnerNames, policy: Policy, what: str, *databases: str
) -> Outcome:
    """Account databases and their `-` backups judged against `policy`; not_applicable without the first."""
    if files.get(databases[0]) is None:
        return not_applicable(f"{databases[0]} does not exist on this target")
    paths = tuple(path for database in databases for path in (database, f"{database}-"))
    return judge_files(_present(files, paths), policy, what, names)


@rule(
    id="fs.passwd-permissions",
    title="Only root can write /etc/passwd",
    problem="/etc/passwd has an unsafe mode or owner",
    severity=Severity.HIGH,
    rationale="""Anyone who can write /etc/passwd can give an account uid 0 or a known password and become
        root. Debian installs it 0644 root:root.""",
    remediation="chown root:root /etc/passwd /etc/passwd- && chmod 0644 /etc/passwd /etc/passwd-",
    references=("guide:002 step 3 users",),
)
def passwd_permissions(files: SensitiveFilesFacts, names: OwnerNames) -> Outcome:
    return _database(files, names, _WORLD_READABLE, "account database", "/etc/passwd")


@rule(
    id="fs.group-permissions",
    title="Only root can write /etc/group",
    problem="/etc/group has an unsafe mode or owner",
    severity=Severity.HIGH,
    rationale="""Write access to /etc/group lets a user join `sudo`, `shadow` or `docker` and gain their
        privileges. Debian installs it 0644 root:root.""",
    remediation="chown root:root /etc/group /etc/group- && chmod 0644 /etc/group /etc/group-",
    references=("guide:002 step 3 users",),
)
def group_permissions(files: SensitiveFilesFacts, names: OwnerNames) -> Outcome:
    return _database(files, names, _WORLD_READABLE, "group database", "/etc/group")


@rule(
    id="fs.shadow-permissions",
    title="Password hashes are readable only by root and the shadow group",
    problem="A password hash file has an unsafe mode or owner",
    severity=Severity.HIGH,
    rationale="""/etc/shadow and /etc/gshadow hold password hashes; anyone who can read them can crack
        weak passwords offline. Debian installs them 0640 root:shadow.""",
    remediation="chown root:shadow /etc/shadow /etc/gshadow && chmod 0640 /etc/shadow /etc/gshadow",
    references=("guide:002 step 3 users",),
)
def shadow_permissions(files: SensitiveFilesFacts, names: OwnerNames) -> Outcome:
    policy = Policy(0o640, groups=(0, SHADOW_GID), expected="0640 root:shadow (or stricter)")
    return _database(files, names, policy, "shadow database", "/etc/shadow", "/etc/gshadow")


@rule(
    id="fs.sudoers-permissions",
    title="Sudo policy files are 0440 root:root",
    problem="A sudo policy file has an unsafe mode or owner",
    severity=Severity.HIGH,
    rationale="""Whoever can write a sudoers file grants themselves root. sudo also refuses to run with a
        sudoers file that is writable by others or not owned by root, so a wrong mode breaks sudo too.""",
    remediation="chown root:root /etc/sudoers /etc/sudoers.d/* && chmod 0440 /etc/sudoers /etc/sudoers.d/*",
    references=("sudoers(5)", "guide:002 step 3 users"),
)
def sudoers_permissions(files: SensitiveFilesFacts, names: OwnerNames) -> Outcome:
    if files.get(SUDOERS) is None:
        return not_applicable("sudo is not installed (no /etc/sudoers)")
    policy = Policy(0o440, expected="0440 root:root")
    items = [(st, policy) for st in _present(files, (SUDOERS, *files.sudoers_d))]
    directory = files.get(SUDOERS_D)
    if directory is not None:
        items.append((directory, Policy(0o755, expected="0755 root:root or stricter")))
    return judge_each(items, "sudoers", names)


@rule(
    id="fs.cron-permissions",
    title="Cron files are owned by root and not writable by others",
    problem="A cron file is writable by someone other than root",
    severity=Severity.HIGH,
    rationale="""cron runs /etc/crontab, /etc/cron.d and the run-parts directories as root (or as the
        user named in each line); anyone who can write them runs commands as root.""",
    remediation="chown root:root /etc/crontab /etc/cron.d/* && chmod go-w /etc/crontab /etc/cron.*/*",
    references=("crontab(5)",),
)
def cron_permissions(files: SensitiveFilesFacts, names: OwnerNames) -> Outcome:
    paths = (CRONTAB, *CRON_DIRS, *files.cron_entries)
    stats = _present(files, paths)
    if not stats:
        return not_applicable("cron is not installed (no /etc/crontab or /etc/cron.*)")
    policy = Policy(0o7755, groups=None, expected="owner root, no group or other write")
    return judge_files(stats, policy, "cron", names)
