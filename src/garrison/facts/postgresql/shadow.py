"""Which pg_hba.conf records can never be reached: PostgreSQL uses the first record whose connection type,
database, user and address match, and an authentication failure does not fall through to later records
(PostgreSQL 15, section 21.1). A record is shadowed when one earlier record matches every connection it
matches; this module answers only where that is certain from the words themselves.

- type: `host` matches every TCP connection (`hostssl`, `hostnossl`, `hostgssenc`, `hostnogssenc` subsets);
  otherwise only the same word.
- database: `all` matches every database but not replication connections (`replication` only matches those);
  any other word (a name, `sameuser`, `samerole`, `@file`) matches what the same word matches.
- user: `all` matches everyone; any other word (a name, `+group`, `@file`) what the same word matches.
- address: `all` matches every address; an IP network contains its subnets of the same family; host names,
  `samehost` and `samenet` only what the same word (and netmask) matches.
"""

from __future__ import annotations

import heapq
import ipaddress
from collections.abc import Iterable, Sequence

from garrison.facts.postgresql.model import HbaEntry

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _type_covers(earlier: str, later: str) -> bool:
    return earlier == later or (earlier == "host" and later != "local")


def _databases_cover(earlier: tuple[str, ...], later: tuple[str, ...]) -> bool:
    wide = "all" in earlier
    return all(word in earlier or (wide and word != "replication") for word in later)


def _users_cover(earlier: tuple[str, ...], later: tuple[str, ...]) -> bool:
    return "all" in earlier or all(word in earlier for word in later)


def _network(entry: HbaEntry) -> _Network | None:
    text = entry.address or ""
    if entry.netmask is not None:
        text = f"{text}/{entry.netmask}"
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def _address_covers(
    earlier: HbaEntry, later: HbaEntry, wide: _Network | None, narrow: _Network | None
) -> bool:
    if not earlier.network:
        return True  # both local: no address
    if earlier.address == "all" or (earlier.address, earlier.netmask) == (later.address, later.netmask):
        return True
    if wide is None or narrow is None or wide.version != narrow.version:
        return False
    return narrow.subnet_of(wide)  # type: ignore[arg-type]  # same family, checked above


def covers(earlier: HbaEntry, later: HbaEntry) -> bool:
    """True when every connection `later` matches is matched by `earlier` first."""
    return _covers(earlier, later, _network(earlier), _network(later))


def _covers(earlier: HbaEntry, later: HbaEntry, wide: _Network | None, narrow: _Network | None) -> bool:
    return (
        _type_covers(earlier.conntype, later.conntype)
        and _databases_cover(earlier.databases, later.databases)
        and _users_cover(earlier.users, later.users)
        and _address_covers(earlier, later, wide, narrow)
    )


#: At most this many earlier records are tried as the shadowing one (a hostile 100,000-record file stays
#: linear); real files have a few dozen.
MAX_CANDIDATES = 256


def shadowing(entries: Sequence[HbaEntry]) -> dict[HbaEntry, HbaEntry]:
    """Each shadowed record -> the first earlier record that takes all its connections. Pure.

    Only earlier records that can take the later one's users are tried: those for `all` users and those
    naming its first user (every one of its users must be named). 20,000 records with their own users each
    were 5 million comparisons against the whole candidate list."""
    found: dict[HbaEntry, HbaEntry] = {}
    candidates: list[tuple[HbaEntry, _Network | None]] = []
    for_all: list[int] = []  # candidates' positions, ascending
    by_user: dict[str, list[int]] = {}
    for later in entries:
        narrow = _network(later) if later.network else None
        if later.users:
            tried: Iterable[int] = heapq.merge(for_all, by_user.get(later.users[0], ()))
        else:
            tried = range(len(candidates))
        pairs = (candidates[i] for i in tried)
        winner = next((e for e, wide in pairs if _covers(e, later, wide, narrow)), None)
        if winner is not None:
            found[later] = winner
        elif len(candidates) < MAX_CANDIDATES:
            position = len(candidates)
            candidates.append((later, narrow))
            if "all" in later.users:
                for_all.append(position)
            else:
                for user in dict.fromkeys(later.users):
                    by_user.setdefault(user, []).append(position)
    return found
