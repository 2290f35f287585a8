"""Helpers for the filesystem rules: describe a file's mode and owner and judge them against a policy."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from garrison.facts.accounts import OwnerNames
from garrison.facts.filesystem import FileStat
from garrison.model import Outcome, Status, failed, passed
from garrison.rules.expect import file_mode, fold
from garrison.rules.wording import listing, mode, permissions, plural

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


def judge_file(st: FileStat, policy: Policy, names: OwnerNames) -> Outcome:
    """One file against its policy: its mode and owner (role FILE, setting (file-mode, path, mode|owner))."""
    problems = policy.problems(st, names)
    shown = describe(st, names)
    key = "owner" if problems and not st.mode & ~policy.max_mode else "mode"
    proof = file_mode(st.path, shown, policy.expected, key=key)
    if problems:
        return failed(f"{st.path} ({shown}: {listing(problems)}; expected {policy.expected})", proof)
    return passed(f"{st.path} has a safe mode and owner", proof)


def judge_each(items: Iterable[tuple[FileStat, Policy]], what: str, names: OwnerNames) -> Outcome:
    """Pass when every file meets its policy; otherwise fail citing each offending path (folded by path)."""
    judged = [(st.path, judge_file(st, policy, names)) for st, policy in items]
    outcome = fold(judged, passed_message="", nothing=f"no {what} file is present", prefix=False)
    if outcome.status is Status.FAIL:
        notes = [o.message for _, o in judged if o.status is Status.FAIL]
        shown = "; ".join(notes[:5]) + (f"; and {len(notes) - 5} more" if len(notes) > 5 else "")
        return replace(outcome, message=f"{what}: {shown}", evidence=outcome.evidence[:MAX_EVIDENCE])
    if not judged:
        return outcome
    if len(judged) == 1:
        return replace(outcome, message=f"{what}: {judged[0][0]} has a safe mode and owner")
    message = f"{what}: all {plural(len(judged), 'path')} have safe modes and owners"
    return replace(outcome, message=message, evidence=outcome.evidence[:MAX_EVIDENCE])
