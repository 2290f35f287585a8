"""Account rules on sudo: password-less root, disabled authentication, and who holds full sudo rights."""

from __future__ import annotations

from garrison.facts.accounts import (
    AccountsFacts,
    AliasKind,
    DefaultsScope,
    ShadowFacts,
    SudoDefault,
    SudoersFacts,
    SudoUserSpec,
)
from garrison.model import Dialect, Evidence, Outcome, Severity, failed, passed
from garrison.rules.expect import Effective
from garrison.rules.registry import rule
from garrison.rules.wording import listing, nothing_to_check, plural, unique

G002 = "guide:002 step 3 review users and sudo access"
_PASSWORD_OF_OTHERS = ("rootpw", "targetpw", "runaspw")


def _grant(spec: SudoUserSpec, who: str, actual: str, expected: str) -> Evidence:
    """A user specification line (the setting: the grant to `who`)."""
    at = spec.location
    return Effective.at(Dialect.SUDOERS, at.path, who, actual, line=at.line).cite(expected)


@rule(
    id="accounts.sudo-nopasswd",
    title="Full sudo rights require a password",
    problem="Full sudo rights are granted without a password",
    severity=Severity.MEDIUM,
    rationale="""With NOPASSWD on ALL (or on a shell), anything running as that user - a compromised SSH
        key, a browser exploit in a desktop session, a malicious build script - becomes root without a
        prompt. NOPASSWD on one narrow command is a different matter and is not flagged.""",
    remediation="%sudo ALL=(ALL:ALL) ALL   # drop NOPASSWD: from rules that grant ALL",
    references=(G002,),
)
def sudo_nopasswd(sudoers: SudoersFacts) -> Outcome:
    found = [(spec, cmd) for spec, cmd in sudoers.full_grants() if cmd.nopasswd]
    if not found:
        checked = plural(len(sudoers.files), "file")
        return passed(f"no sudo rule grants all commands without a password ({checked})")
    proof = [
        _grant(s, ",".join(s.users), f"{','.join(s.users)} NOPASSWD: {c.command}", "PASSWD") for s, c in found
    ]
    who = listing(dict.fromkeys(",".join(s.users) for s, _ in found))
    return failed(f"sudo grants root without a password to {who}", *unique(proof))


def _authenticate_off(sudoers: SudoersFacts) -> list[SudoDefault]:
    """`!authenticate` entries still in force (last per binding). A command-bound one (`Defaults!/usr/bin/x`)
    counts only when it covers ALL or a shell: for one narrow command it is no worse than NOPASSWD on it."""
    last: dict[tuple[DefaultsScope, tuple[str, ...]], SudoDefault] = {}
    for item in sudoers.defaults:
        if item.name == "authenticate":
            last[(item.scope, item.binding)] = item
    return [
        item
        for item in last.values()
        if item.negated
        and (item.scope is not DefaultsScope.COMMAND or any(sudoers.grants_all(c) for c in item.binding))
    ]


@rule(
    id="accounts.sudo-no-authenticate",
    title="Sudo always asks users to authenticate",
    problem="Sudo authentication is turned off",
    severity=Severity.HIGH,
    rationale="""`Defaults !authenticate` turns off the password prompt for every rule it covers, silently
        widening each grant into a password-less one.""",
    remediation="Remove `Defaults !authenticate` (visudo; check /etc/sudoers.d too).",
    references=(G002,),
)
def sudo_no_authenticate(sudoers: SudoersFacts) -> Outcome:
    found = _authenticate_off(sudoers)
    if not found:
        return passed("no Defaults entry disables sudo authentication")
    labels = [f"Defaults{d.scope}{','.join(d.binding)}" for d in found]
    proof = [
        Effective.at(
            Dialect.SUDOERS,
            d.location.path,
            "authenticate",
            f"{label} !authenticate",
            line=d.location.line,
            scope=None if d.scope is DefaultsScope.GLOBAL else label,
        ).cite("authenticate")
        for d, label in zip(found, labels, strict=True)
    ]
    return failed(f"sudo authentication disabled by {listing(labels)}", *proof)


def _principals(accounts: AccountsFacts, sudoers: SudoersFacts, item: str, depth: int = 0) -> list[str]:
    """Local user names behind a sudoers user item (`%group`, `%#gid`, `#uid`, alias, name)."""
    if item.startswith("!") or item.startswith("+") or item.startswith("%:") or depth > 8:
        return []
    if item.startswith("%#"):
        group = accounts.group_by_gid(int(item[2:])) if item[2:].isdigit() else None
        return list(accounts.members_of(group.name)) if group else []
    if item.startswith("%"):
        return list(accounts.members_of(item[1:]))
    if item.startswith("#"):
        user = accounts.user_by_uid(int(item[1:])) if item[1:].isdigit() else None
        return [user.name] if user else []
    alias = sudoers.alias(AliasKind.USER, item)
    if alias is not None:
        return [n for m in alias.members for n in _principals(accounts, sudoers, m, depth + 1)]
    if item == "ALL":
        return [u.name for u in accounts.users]
    return [item]


@rule(
    id="accounts.sudo-group-members",
    title="Full sudo rights belong only to accounts that are in use",
    problem="An account that is not in use holds full sudo rights",
    severity=Severity.MEDIUM,
    rationale="""Everyone holding full sudo rights is a root login. A service account (no login shell)
        should never hold them, and an account whose password is locked cannot use a password-protected
        grant at all: such grants are leftovers from departed users or old setups that the guide asks to
        remove, before someone re-enables the account.""",
    remediation="gpasswd -d <account> sudo   # and remove the account's own lines from /etc/sudoers(.d)",
    references=(G002, "guide:002 periodic checks (users and sudo)"),
)
def sudo_group_members(accounts: AccountsFacts, shadow: ShadowFacts, sudoers: SudoersFacts) -> Outcome:
    other_password = any(sudoers.global_flag(flag) for flag in _PASSWORD_OF_OTHERS)
    problems: dict[str, tuple[str, Evidence]] = {}
    holders: list[str] = []
    for spec, command in sudoers.full_grants():
        for item in spec.users:
            for name in _principals(accounts, sudoers, item):
                holders.append(name)
                user = accounts.user(name)
                if user is None or user.uid == 0 or name in problems:
                    continue
                entry = shadow.entry(name)
                where = f"{item} at {spec.location}"
                if other_password and not command.nopasswd:
                    continue  # rootpw/targetpw: the grant is worth the root password, like su
                if not user.login_shell:
                    reason = f"{name} has no login shell ({user.shell}) but full sudo via {where}"
                elif entry is not None and entry.locked and not command.nopasswd:
                    reason = f"{name} is locked and cannot use its password-protected sudo via {where}"
                else:
                    continue
                proof = _grant(spec, item, reason, "no sudo grant")
                problems[name] = (reason, proof)
    if not holders:
        return nothing_to_check("no account holds full sudo rights")
    listed = listing(dict.fromkeys(holders))
    if not problems:
        return passed(f"full sudo rights: {listed}")
    reasons = "; ".join(reason for reason, _ in problems.values())
    return failed(f"stale full sudo grants: {reasons}", *(proof for _, proof in problems.values()))
