"""Names for numeric owners: uid -> user name, gid -> group name, as /etc/passwd and /etc/group give them.

Rules that show a file's owner take `OwnerNames` so every report writes owners the same way (`root:ssl-cert`,
the number only when the account database has no name for it). It is built on `AccountsFacts` when that is
available; an absent or broken account database gives empty maps, never an error, so a rule that only
*shows* owners is not turned into an error by it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from garrison.facts.accounts.passwd import AccountsFacts
from garrison.facts.reads import Reads, declares
from garrison.facts.store import FactStore
from garrison.targets.base import Target


@dataclass(frozen=True, slots=True)
class OwnerNames:
    """uid -> user name and gid -> group name; the first line of the file wins, as getpwuid(3) answers."""

    users: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    groups: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))

    def user(self, uid: int) -> str:
        return self.users.get(uid, str(uid))

    def group(self, gid: int) -> str:
        return self.groups.get(gid, str(gid))

    def user_label(self, uid: int) -> str:
        """The user name, or `uid 1005` in a sentence when the id has no name."""
        return self.users.get(uid, f"uid {uid}")

    def group_label(self, gid: int) -> str:
        return self.groups.get(gid, f"gid {gid}")

    def owner(self, uid: int, gid: int | None = None) -> str:
        """`root:shadow`; `1001:1001` for ids without a name; just the user when the group is unknown."""
        return self.user(uid) if gid is None else f"{self.user(uid)}:{self.group(gid)}"


def owner_names(accounts: AccountsFacts | None) -> OwnerNames:
    if accounts is None:
        return OwnerNames()
    users = {u.uid: u.name for u in reversed(accounts.users)}
    groups = {g.gid: g.name for g in reversed(accounts.groups)}
    return OwnerNames(MappingProxyType(users), MappingProxyType(groups))


@declares(Reads(needs=(AccountsFacts,)))
def gather_owner_names(target: Target, store: FactStore) -> OwnerNames:
    """Never fails: without a usable account database, owners are shown by number."""
    return owner_names(store.peek(AccountsFacts))
