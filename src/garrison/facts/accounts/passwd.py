"""Local users and groups from /etc/passwd and /etc/group (passwd(5), group(5); shadow 4.13, Debian 12).

`parse_passwd` and `parse_group` are pure and never raise: a line they cannot read becomes a `ParseIssue`
and is left out of the model. NIS compat lines (`+name`, `-name`, `+`) are skipped as glibc's `compat`
backend would hand them to NIS, not to files.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from garrison.facts.accounts.lines import colon_records
from garrison.model import Location, ParseIssue

PASSWD_PATH = "/etc/passwd"
GROUP_PATH = "/etc/group"

#: Shells that refuse an interactive login (what Debian gives system accounts; `sync` runs one command).
NOLOGIN_SHELLS = frozenset(
    {
        "/usr/sbin/nologin",
        "/sbin/nologin",
        "/bin/false",
        "/usr/bin/false",
        "/bin/sync",
        "/usr/bin/sync",
        "/bin/true",
        "/usr/bin/true",
        "/dev/null",
    }
)


class PasswdField(StrEnum):
    """What the second /etc/passwd field holds; the field itself is never kept."""

    SHADOWED = "shadowed"  # `x`: the hash lives in /etc/shadow
    LOCKED = "locked"  # `*` or `!...`
    EMPTY = "empty"  # no password at all
    HASH = "hash"  # a password hash in the world-readable file


def classify_passwd_field(field: str) -> PasswdField:
    if field == "x":
        return PasswdField.SHADOWED
    if not field:
        return PasswdField.EMPTY
    if field[0] in "*!":
        return PasswdField.LOCKED
    return PasswdField.HASH


@dataclass(frozen=True, slots=True)
class PasswdEntry:
    """One /etc/passwd line. The password field is reduced to its kind (`PasswdField`)."""

    name: str
    uid: int
    gid: int
    home: str
    shell: str
    location: Location
    gecos: str = ""
    passwd_field: PasswdField = PasswdField.SHADOWED

    @property
    def login_shell(self) -> bool:
        """True when the shell allows an interactive login (empty means /bin/sh to login(1))."""
        return self.shell not in NOLOGIN_SHELLS and not self.shell.endswith("/nologin")


@dataclass(frozen=True, slots=True)
class GroupEntry:
    name: str
    gid: int
    members: tuple[str, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class AccountsFacts:
    """Users and groups as /etc/passwd and /etc/group list them, in file order."""

    users: tuple[PasswdEntry, ...]
    groups: tuple[GroupEntry, ...]
    issues: tuple[ParseIssue, ...] = ()

    def user(self, name: str) -> PasswdEntry | None:
        return next((u for u in self.users if u.name == name), None)

    def user_by_uid(self, uid: int) -> PasswdEntry | None:
        return next((u for u in self.users if u.uid == uid), None)

    def group(self, name: str) -> GroupEntry | None:
        return next((g for g in self.groups if g.name == name), None)

    def group_by_gid(self, gid: int) -> GroupEntry | None:
        return next((g for g in self.groups if g.gid == gid), None)

    def members_of(self, group_name: str) -> tuple[str, ...]:
        """Users in the group: listed members plus users whose primary group it is, in order, no repeats."""
        group = self.group(group_name)
        if group is None:
            return ()
        names = list(group.members)
        names.extend(u.name for u in self.users if u.gid == group.gid)
        return tuple(dict.fromkeys(n for n in names if n))


def _id(text: str) -> int | None:
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if value <= 0xFFFFFFFF else None


def parse_passwd(
    text: str, path: str = PASSWD_PATH
) -> tuple[tuple[PasswdEntry, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises. `name:password:uid:gid:gecos:home:shell` -> entries, issues."""
    entries: list[PasswdEntry] = []
    issues: list[ParseIssue] = []
    for where, fields in colon_records(text, path, 7, issues):
        name, password, uid_text, gid_text, gecos, home, shell = fields
        uid, gid = _id(uid_text), _id(gid_text)
        if not name or uid is None or gid is None:
            issues.append(ParseIssue(where, "missing name or non-numeric uid/gid"))
            continue
        entries.append(
            PasswdEntry(name, uid, gid, home, shell, where, gecos, classify_passwd_field(password))
        )
    return tuple(entries), tuple(issues)


def parse_group(text: str, path: str = GROUP_PATH) -> tuple[tuple[GroupEntry, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises. `name:password:gid:member,member` -> entries, issues."""
    entries: list[GroupEntry] = []
    issues: list[ParseIssue] = []
    for where, fields in colon_records(text, path, 4, issues):
        name, _password, gid_text, members = fields
        gid = _id(gid_text)
        if not name or gid is None:
            issues.append(ParseIssue(where, "missing name or non-numeric gid"))
            continue
        listed = tuple(m.strip() for m in members.split(",") if m.strip())
        entries.append(GroupEntry(name, gid, listed, where))
    return tuple(entries), tuple(issues)
