"""Home directories of the accounts people log in with: root and every account with uid >= UID_MIN (1000,
Debian's login.defs) and a login shell, each with what `stat` says about it (None: it does not exist)."""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.accounts.passwd import AccountsFacts, PasswdEntry
from garrison.targets.base import FileStat

UID_MIN = 1000
NOBODY_UID = 65534


@dataclass(frozen=True, slots=True)
class HomeDir:
    user: PasswdEntry
    stat: FileStat | None


@dataclass(frozen=True, slots=True)
class HomeDirsFacts:
    homes: tuple[HomeDir, ...]


def interactive(accounts: AccountsFacts) -> tuple[PasswdEntry, ...]:
    """root and the people's accounts (uid >= 1000, not nobody) with a login shell and an absolute home."""
    return tuple(
        u
        for u in accounts.users
        if (u.uid == 0 or (UID_MIN <= u.uid != NOBODY_UID and u.login_shell)) and u.home.startswith("/")
    )


def home_paths(facts: object) -> tuple[str, ...]:
    """The home directories `HomeDirsFacts`' gatherer stats, as AccountsFacts names them."""
    if not isinstance(facts, AccountsFacts):
        return ()
    return tuple(dict.fromkeys(u.home for u in interactive(facts)))
