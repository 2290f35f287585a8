"""Account rules on the login environment: root's PATH and the default umask."""

from __future__ import annotations

from garrison.facts.accounts import PathAssignment, RootPathFacts, UmaskFacts
from garrison.model import Evidence, Outcome, Relation, Severity, Wanted, failed, passed, unknown
from garrison.rules.expect import context, file_mode
from garrison.rules.registry import rule
from garrison.rules.wording import listing, mode, plural

#: CIS: new files readable by the owner's group at most, nothing for others.
UMASK_FLOOR = 0o027
_WRITABLE = 0o022


def _entry_problem(entry: str, facts: RootPathFacts) -> str | None:
    if entry == "":
        return "an empty entry (the current directory)"
    if not entry.startswith("/"):
        return f"the relative entry {entry}"
    info = facts.dirs.get(entry)
    if info is None:
        return None
    if info.mode & _WRITABLE:
        return f"{entry} is writable by {'others' if info.mode & 0o002 else 'its group'} ({mode(info.mode)})"
    if info.uid != 0:
        return f"{entry} is owned by uid {info.uid}"
    return None


def _judged(item: PathAssignment, facts: RootPathFacts) -> tuple[list[str], list[Evidence]]:
    problems = [p for p in (_entry_problem(e, facts) for e in item.entries) if p is not None]
    if not problems:
        return [], []
    where = item.value.location
    proof = [item.value.cite("absolute directories only root can write", actual=f"PATH={item.value.value}")]
    for entry in item.entries:
        info = facts.dirs.get(entry) if entry.startswith("/") else None
        if info is not None and (info.mode & _WRITABLE or info.uid != 0):
            proof.append(
                file_mode(entry, f"{mode(info.mode)} uid {info.uid}", "root-owned, not group/world-writable")
            )
    return [f"{where}: {listing(problems)}"], proof


@rule(
    id="accounts.root-path",
    title="Root's PATH holds only absolute directories only root can write",
    problem="Root's PATH holds a relative, empty or writable directory",
    severity=Severity.MEDIUM,
    rationale="""Every command root types by name is looked up along PATH. An empty or `.` entry runs
        whatever sits in the current directory (a `ls` dropped in /tmp), and a directory others can write
        lets them plant a program root will run. Each source of root's PATH is checked: /etc/environment,
        login.defs ENV_SUPATH/ENV_ROOTPATH and root's shell startup files.""",
    remediation="""# e.g. /root/.bashrc
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
chmod go-w <directory>; chown root <directory>""",
)
def root_path(path: RootPathFacts) -> Outcome:
    if not path.assignments:
        files = f"in {listing(path.files)}" if path.files else "(none of its files exists)"
        return passed(f"no PATH assignment for root {files}: the programs' built-in PATHs apply")
    problems: list[str] = []
    proof: list[Evidence] = []
    for item in path.assignments:
        found, evidence = _judged(item, path)
        problems += found
        proof += evidence
    skipped = [s for a in path.assignments for s in a.skipped]
    note = (
        f" ({plural(len(skipped), 'entry', 'entries')} with other expansions not judged)" if skipped else ""
    )
    if problems:
        return failed("; ".join(problems) + note, *proof)
    shown = listing(str(a.value.location) for a in path.assignments)
    return passed(f"root's PATH entries are absolute and root-owned ({shown}){note}")


def _weak(value: int) -> bool:
    return value & UMASK_FLOOR != UMASK_FLOOR


@rule(
    id="accounts.default-umask",
    title="The default umask is 027 or stricter",
    problem="New files are readable by other users by default",
    severity=Severity.LOW,
    rationale="""With the historic umask 022 every file a user or an admin creates - exports, backups,
        scripts with credentials - is readable by every local account and service. 027 keeps new files
        from others. The umask that wins is the last one set: a umask line in /etc/profile or
        /etc/profile.d for login shells, else pam_umask (its umask= argument, else login.defs UMASK);
        login.defs UMASK alone does not change a session's umask.""",
    remediation="""# /etc/login.defs
UMASK 027
# /etc/pam.d/common-session
session optional pam_umask.so""",
)
def default_umask(umask: UmaskFacts) -> Outcome:
    undecided = umask.undecided
    if undecided is not None:
        return unknown(
            f"the last umask line ({undecided.location}) is not an absolute mask: umask {undecided.text}",
            context(undecided.location.path, undecided.location.line, f"umask {undecided.text}"),
        )
    choice = umask.effective()
    value = choice.value
    user = (value & ~0o070) | ((value >> 3) & 0o070) if choice.usergroups else value
    wanted = Wanted(Relation.AT_LEAST, (f"{UMASK_FLOOR:04o}",))
    proof = [choice.effective.cite(f"{UMASK_FLOOR:04o} or stricter", wanted=wanted)]
    ignored = umask.login_defs.get("UMASK")
    if umask.pam_umask is None and not umask.shell and ignored is not None:
        at = ignored.location
        proof.append(
            context(at.path, at.line, f"UMASK {ignored.value} (used by pam_umask, which is not loaded)")
        )
    if _weak(value):
        return failed(f"the default umask is {value:04o} ({choice.note})", *proof)
    if _weak(user):
        return failed(
            f"the default umask is {value:04o} ({choice.note}), but pam_umask usergroups gives users of "
            f"their own group {user:04o}",
            *proof,
        )
    return passed(f"the default umask is {value:04o} ({choice.note})", *proof)
