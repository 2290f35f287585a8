"""Account rules on /etc/passwd and /etc/group: uid 0, system shells, duplicates, unshadowed hashes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from garrison.facts.accounts import PASSWD_PATH, AccountsFacts, GroupEntry, PasswdEntry, PasswdField
from garrison.model import Dialect, Evidence, Outcome, Severity, Wanted, failed, passed
from garrison.rules.accounts.common import field_at
from garrison.rules.expect import equals
from garrison.rules.registry import rule
from garrison.rules.wording import agree, listing, plural

G002 = "guide:002 step 3 review users and sudo access"
G001 = "guide:001 user management (dedicated service user with /bin/false)"

#: Debian's first uid for people (login.defs UID_MIN); below it, and `nobody`, are system accounts.
UID_MIN = 1000
NOBODY_UID = 65534
#: System accounts that need a real shell by design: root; postgres (Debian's postgresql-common creates it
#: with /bin/bash for `su - postgres`); halt/shutdown whose "shell" is the command they run (other distros).
SHELL_BY_DESIGN = frozenset({"root", "postgres", "halt", "shutdown"})
_SHOWN = 8
E = TypeVar("E", PasswdEntry, GroupEntry)


def _where(
    entry: PasswdEntry | GroupEntry, key: str, actual: str, expected: str, wanted: Wanted | None = None
) -> Evidence:
    """Field `key` of an account's line in /etc/passwd or a group's in /etc/group."""
    dialect = Dialect.PASSWD if isinstance(entry, PasswdEntry) else Dialect.GROUP
    return field_at(entry, dialect, key, actual, expected, wanted)


def _listed(items: Sequence[str]) -> str:
    return listing(items, limit=_SHOWN)


@rule(
    id="accounts.uid0-only-root",
    title="Only root has user id 0",
    problem="An account other than root has user id 0",
    severity=Severity.CRITICAL,
    rationale="""Any account with uid 0 is root, whatever its name: a second uid-0 account is a classic
        backdoor and escapes every control that looks for `root` by name.""",
    remediation="usermod -u <new-uid> <account>   # or userdel <account>; keep uid 0 for root alone",
    references=(G002,),
)
def uid0_only_root(accounts: AccountsFacts) -> Outcome:
    extra = [u for u in accounts.users if u.uid == 0 and u.name != "root"]
    if not extra:
        return passed("no account other than root has uid 0")
    proof = [_where(u, "uid", f"{u.name} uid 0", "uid 0 for root only") for u in extra]
    count = len(extra)
    has = agree(count, "has", "have")
    return failed(
        f"{plural(count, 'account')} other than root {has} uid 0: {_listed([u.name for u in extra])}", *proof
    )


@rule(
    id="accounts.system-account-shells",
    title="System accounts cannot log in interactively",
    problem="A system account can log in interactively",
    severity=Severity.MEDIUM,
    rationale="""Service and system accounts (uid below 1000) never need an interactive login. A real shell
        on one turns a stolen service credential or SSH key into a login, which is why Debian gives them
        /usr/sbin/nologin and the guides create service users with /bin/false.""",
    remediation="usermod -s /usr/sbin/nologin <account>",
    references=(G001, G002),
)
def system_account_shells(accounts: AccountsFacts) -> Outcome:
    found = [
        u
        for u in accounts.users
        if (u.uid < UID_MIN or u.uid == NOBODY_UID) and u.name not in SHELL_BY_DESIGN and u.login_shell
    ]
    if not found:
        return passed("every system account has a non-login shell")
    proof = [
        _where(
            u,
            "shell",
            f"{u.name} (uid {u.uid}) shell {u.shell or '/bin/sh'}",
            "/usr/sbin/nologin",
            equals("/usr/sbin/nologin"),
        )
        for u in found
    ]
    names = _listed([f"{u.name} ({u.shell or '/bin/sh'})" for u in found])
    return failed(f"{plural(len(found), 'system account')} with a login shell: {names}", *proof)


def _duplicate_outcome(
    what: str, field: str, entries: Sequence[E], key: Callable[[E], object], expected: str
) -> Outcome:
    """Fail on the `entries` sharing a `key`: `what` is its singular noun (`uid`, `user name`), `field` the
    line's field (`uid`, `name`)."""
    seen: dict[object, list[E]] = {}
    for entry in entries:
        seen.setdefault(key(entry), []).append(entry)
    found = [(value, where) for value, where in seen.items() if len(where) > 1]
    if not found:
        return passed(f"no duplicate {what}s")
    proof = [_where(entry, field, f"{what} {value}", expected) for value, where in found for entry in where]
    return failed(
        f"{plural(len(found), 'duplicate ' + what)}: {_listed([str(value) for value, _ in found])}", *proof
    )


@rule(
    id="accounts.duplicate-uids",
    title="Every account has its own user id",
    problem="Two accounts share a user id",
    severity=Severity.MEDIUM,
    rationale="""Two accounts with one uid are the same user to the kernel: they own each other's files and
        processes, and logs cannot tell them apart.""",
    remediation="usermod -u <unique-uid> <account>",
)
def duplicate_uids(accounts: AccountsFacts) -> Outcome:
    return _duplicate_outcome("uid", "uid", accounts.users, lambda u: u.uid, "a unique uid")


@rule(
    id="accounts.duplicate-usernames",
    title="Every user name appears once in /etc/passwd",
    problem="A user name appears more than once in /etc/passwd",
    severity=Severity.MEDIUM,
    rationale="""With a name listed twice, lookups take the first line while tools that edit the file may
        change the second, so the account's effective uid, home and shell are not what they appear.""",
    remediation="Remove or rename the duplicate line (vipw; pwck reports it).",
)
def duplicate_usernames(accounts: AccountsFacts) -> Outcome:
    return _duplicate_outcome("user name", "name", accounts.users, lambda u: u.name, "a unique name")


@rule(
    id="accounts.duplicate-group-names",
    title="Every group name appears once in /etc/group",
    problem="A group name appears more than once in /etc/group",
    severity=Severity.LOW,
    rationale="""A group listed twice grants its privileges through whichever line a lookup hits first;
        membership checks of the sudo or admin groups then depend on file order.""",
    remediation="Merge the duplicate lines (vigr; grpck reports it).",
)
def duplicate_group_names(accounts: AccountsFacts) -> Outcome:
    return _duplicate_outcome("group name", "name", accounts.groups, lambda g: g.name, "a unique name")


@rule(
    id="accounts.duplicate-gids",
    title="Every group has its own group id",
    problem="Two groups share a group id",
    severity=Severity.LOW,
    rationale="""Groups sharing a gid share file access: a member of one silently gets the other's files,
        including those of privileged groups.""",
    remediation="groupmod -g <unique-gid> <group>",
)
def duplicate_gids(accounts: AccountsFacts) -> Outcome:
    return _duplicate_outcome("gid", "gid", accounts.groups, lambda g: g.gid, "a unique gid")


@rule(
    id="accounts.shadowed-passwords",
    title="No password hash is kept in world-readable /etc/passwd",
    problem="A password hash is kept in world-readable /etc/passwd",
    severity=Severity.HIGH,
    rationale="""/etc/passwd is readable by every local user and process; a hash there can be copied and
        cracked offline. Hashes belong in /etc/shadow (mode 0640), with `x` in /etc/passwd.""",
    remediation="pwconv   # moves the hashes into /etc/shadow",
)
def shadowed_passwords(accounts: AccountsFacts) -> Outcome:
    found = [u for u in accounts.users if u.passwd_field is PasswdField.HASH]
    if not found:
        return passed(f"no password hash in {PASSWD_PATH}")
    proof = [_where(u, "password", f"{u.name}: a password hash (redacted)", "x", equals("x")) for u in found]
    return failed(f"password hashes in {PASSWD_PATH} for {_listed([u.name for u in found])}", *proof)
