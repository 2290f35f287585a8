"""Helpers the ssh rules share: one judgement of an sshd keyword's effective value (`SshdFacts.effective`,
with the judged release's compiled default) globally and in every Match block that sets it
(`MatchBlock.effective`). Evidence: the deciding line (role SETTING) or where an absent keyword belongs
(role DEFAULT: its commented-out line in the main config, else the main config), each Match block's line
(role CONTEXT) and the value it sets (role SETTING, scope `Match ...`). A keyword whose line sshd refuses
(a bad value, a misspelling of it) cannot be read: `unreadable` makes that rule an `error` at the line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from garrison.facts.sshd import SshdFacts
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Outcome,
    Relation,
    SettingRef,
    Wanted,
    errored,
    failed,
    passed,
)
from garrison.rules.expect import Effective, Source, context, equals


def at_most(limit: str) -> Wanted:
    return Wanted(Relation.AT_MOST, (limit,))


def number(value: str) -> int:
    """An integer keyword's value; -1 when it is not a plain number."""
    return int(value) if value.isdigit() else -1


def shown(value: Effective[str], sshd: SshdFacts | None = None) -> str:
    """The value with where it comes from when that is not a config line: for messages. A compiled default
    names the release it is the default of when the installed version was not read exactly."""
    suffix = {Source.DEFAULT: " (compiled default)", Source.LIVE: " (sshd -T)"}.get(value.source, "")
    if value.source is Source.DEFAULT and sshd is not None and sshd.version_note is not None:
        suffix = f" (compiled default of {sshd.release.label})"
    return f"{value.shown}{suffix}"


def unreadable(sshd: SshdFacts, keyword: str, label: str) -> Outcome | None:
    """An `error` at the line when sshd refuses a line that sets `keyword` (or misspells it), else None."""
    issue = sshd.refused.get(keyword)
    if issue is None:
        return None
    where = issue.location
    return errored(
        f"{label} cannot be judged: sshd refuses {where}: {issue.message}",
        Evidence(where, None, None, EvidenceRole.SETTING, SettingRef(Dialect.SSHD, where.path, label)),
    )


def judge(
    sshd: SshdFacts,
    keyword: str,
    label: str,
    ok: Callable[[str], bool],
    expected: str,
    *,
    wanted: Wanted | None = None,
    global_ok: Callable[[SshdFacts], bool] | None = None,
) -> Outcome:
    """Fail when the global effective value, or a value a Match block sets, is not `ok`.

    `global_ok(sshd)` may excuse values (e.g. DisableForwarding yes makes forwarding settings moot).
    """
    if global_ok is not None and global_ok(sshd):
        return passed(f"{label} does not matter here: {expected}")
    broken = unreadable(sshd, keyword, label)
    if broken is not None:
        return broken
    value = sshd.effective(keyword, label)
    bad: list[Evidence] = []
    reasons: list[str] = []
    if not ok(value.value):
        bad.append(value.cite(expected, wanted=wanted))
        reasons.append(f"{label} is {shown(value, sshd)}")
    for block, directive in sshd.blocks_setting(keyword):
        there = block.effective(directive, label)
        if ok(there.value):
            continue
        match_at = block.location
        bad.append(replace(context(match_at.path, match_at.line, block.scope), expected=expected))
        bad.append(there.cite(expected, wanted=wanted))
        reasons.append(f"{block.scope} ({match_at}) sets {label} {there.value}")
    if bad:
        return failed("; ".join(reasons) + f" (want {expected})", *bad)
    return passed(f"{label} is {shown(value, sshd)}", value.cite(expected, wanted=wanted))


def require(
    sshd: SshdFacts,
    keyword: str,
    label: str,
    value: str,
    *,
    global_ok: Callable[[SshdFacts], bool] | None = None,
) -> Outcome:
    """`judge` for a keyword that must be exactly `value` (wanted: EQUALS value) globally and in every Match
    block that sets it."""
    return judge(sshd, keyword, label, lambda v: v == value, value, wanted=equals(value), global_ok=global_ok)
