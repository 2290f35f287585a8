"""Helpers for the filesystem rules: describe a file's mode and owner and judge them against a policy."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from garrison.facts.accounts import OwnerNames
from garrison.model import Evidence, Outcome, evidence, failed, passed
from garrison.rules.wording import listing, mode, nothing_to_check, permissions, plural
from garrison.targets.base import FileStat

MAX_EVIDENCE = 25


def describe(st: FileStat, names: OwnerNames) -> str:
    return permissions(st.mode, st.uid, st.gid, names)


@dataclass(frozen=True, slots=True)
class Policy:
    """What a file may be: no mode bit outside `max_mode`, an owner uid in `owners`, a gid in `groups`
    (None: any). `expected` is how the policy reads in a report (`0640 root:shadow`)."""

    max_mode: int
    owners: Collection[int] = (0,)
    groups: Collection[int] | None = (0,)
    expected: str = ""

    def problems(self, st: FileStat, names: OwnerNames) -> list[str]:
        found: list[str] = []
        extra = st.mode & ~self.max_mode
        if extra & 0o002:
            found.append("writable by every user")
        elif extra & 0o020:
            found.append("writable by its group")
        if extra & 0o004:
            found.append("readable by every user")
        if extra & 0o7000:
            found.append("has setuid/setgid/sticky bits")
        if extra and not found:
            found.append(f"mode {mode(st.mode)} is wider than {mode(self.max_mode)}")
        if st.uid not in self.owners:
            found.append(f"owned by {names.user_label(st.uid)}")
        if self.groups is not None and st.gid not in self.groups:
            found.append(f"group is {names.group_label(st.gid)}")
        return found


def judge_files(stats: Iterable[FileStat], policy: Policy, what: str, names: OwnerNames) -> Outcome:
    """Pass when every file meets `policy`; otherwise fail citing each offending path."""
    return judge_each(((st, policy) for st in stats), what, names)


def judge_each(items: Iterable[tuple[FileStat, Policy]], what: str, names: OwnerNames) -> Outcome:
    """Pass when every file meets its policy; otherwise fail citing each offending path."""
    bad: list[Evidence] = []
    notes: list[str] = []
    good: list[Evidence] = []
    for st, policy in items:
        problems = policy.problems(st, names)
        shown = describe(st, names)
        if problems:
            notes.append(f"{st.path} ({shown}: {listing(problems)}; expected {policy.expected})")
            bad.append(evidence(st.path, None, shown, policy.expected))
        else:
            good.append(evidence(st.path, None, shown, policy.expected))
    if not bad and not good:
        return nothing_to_check(f"no {what} file is present")
    if not bad:
        if len(good) == 1:
            only = good[0].path
            return passed(f"{what}: {only} has a safe mode and owner", *good)
        return passed(
            f"{what}: all {plural(len(good), 'path')} have safe modes and owners", *good[:MAX_EVIDENCE]
        )
    shown = "; ".join(notes[:5]) + (f"; and {len(notes) - 5} more" if len(notes) > 5 else "")
    return failed(f"{what}: {shown}", *bad[:MAX_EVIDENCE])
