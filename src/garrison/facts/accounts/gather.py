"""Gatherers for the accounts facts: thin I/O around the pure parsers of this package."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from garrison.facts.accounts.logindefs import (
    LOGIN_DEFS_PATH,
    PWQUALITY_DIR,
    PWQUALITY_PATH,
    Settings,
    parse_login_defs,
    parse_pwquality,
)
from garrison.facts.accounts.pam import PAM_DIR, PamLine, parse_pam
from garrison.facts.accounts.passwd import GROUP_PATH, PASSWD_PATH, AccountsFacts, parse_group, parse_passwd
from garrison.facts.accounts.policy import COMMON_PASSWORD, PasswordPolicyFacts, SudoersFacts
from garrison.facts.accounts.shadow import SHADOW_PATH, ShadowFacts, parse_shadow
from garrison.facts.accounts.sudoers import SUDOERS_PATH, SudoInclude, SudoItem, parse_sudoers
from garrison.facts.gcpause import paused_gc
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import FactError, SubjectAbsent
from garrison.model import Location, ParseIssue
from garrison.targets.base import Target, read_if_present

_MAX_INCLUDE_DEPTH = 16


def raise_first(issues: Sequence[ParseIssue]) -> None:
    """Turn the first parse issue into a `FactError` at its file:line (rules then report `error`)."""
    if issues:
        first = issues[0]
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        raise FactError(first.message + more, first.location)


@declares(Reads(files=(PASSWD_PATH, GROUP_PATH)))
def gather_accounts(target: Target) -> AccountsFacts:
    passwd_text = read_if_present(target, PASSWD_PATH)
    if passwd_text is None:
        raise SubjectAbsent(f"{PASSWD_PATH} does not exist on this target")
    users, passwd_issues = parse_passwd(passwd_text, PASSWD_PATH)
    raise_first(passwd_issues)
    group_text = read_if_present(target, GROUP_PATH)
    groups, group_issues = parse_group(group_text or "", GROUP_PATH)
    raise_first(group_issues)
    return AccountsFacts(users=users, groups=groups)


@declares(Reads(files=(SHADOW_PATH,)))
def gather_shadow(target: Target) -> ShadowFacts:
    text = read_if_present(target, SHADOW_PATH)
    if text is None:
        return ShadowFacts((), present=False)
    facts, issues = parse_shadow(text, SHADOW_PATH)
    raise_first(issues)
    return facts


def _sudo_files(target: Target, include: SudoInclude, current: str) -> list[str]:
    path = include.path.replace("%%", "%")
    if not path.startswith("/"):
        path = posixpath.join(posixpath.dirname(current), path)
    if not include.directory:
        return [path]
    return [
        f"{path.rstrip('/')}/{name}"
        for name in target.list_dir(path)
        if "." not in name and not name.endswith("~")
    ]


def _read_sudoers(
    target: Target, path: str, chain: tuple[str, ...], items: list[SudoItem], files: list[str], at: Location
) -> None:
    if path in chain or len(chain) > _MAX_INCLUDE_DEPTH:
        raise FactError(f"sudoers include loop: {' -> '.join((*chain, path))}", at)
    text = read_if_present(target, path)
    if text is None:
        raise FactError(f"included sudoers file {path} does not exist", at)
    parsed, issues = parse_sudoers(text, path)
    raise_first(issues)
    files.append(path)
    for item in parsed:
        if isinstance(item, SudoInclude):
            for included in _sudo_files(target, item, path):
                if target.stat(included) is None and item.directory:
                    continue
                _read_sudoers(target, included, (*chain, path), items, files, item.location)
        else:
            items.append(item)


SUDOERS_READS = Reads(
    files=(SUDOERS_PATH,),
    trees=((f"{SUDOERS_PATH}.d", 1),),
    follows=(Follow(FollowKind.INCLUDE, ("include", "includedir"), depth=1),),  # @include, #includedir
)


@declares(SUDOERS_READS)
def gather_sudoers(target: Target) -> SudoersFacts:
    if target.stat(SUDOERS_PATH) is None:
        raise SubjectAbsent(f"{SUDOERS_PATH} does not exist (sudo is not installed)")
    items: list[SudoItem] = []
    files: list[str] = []
    with paused_gc():  # a large sudoers is many small acyclic objects
        _read_sudoers(target, SUDOERS_PATH, (), items, files, Location(SUDOERS_PATH))
    return SudoersFacts(tuple(items), tuple(files))


def _password_stack(target: Target, path: str, chain: tuple[str, ...], at: Location) -> tuple[PamLine, ...]:
    if path in chain or len(chain) > _MAX_INCLUDE_DEPTH:
        raise FactError(f"PAM include loop: {' -> '.join((*chain, path))}", at)
    text = read_if_present(target, path)
    if text is None:
        return ()
    lines, issues = parse_pam(text, path)
    raise_first(issues)
    stack: list[PamLine] = []
    for line in lines:
        if line.includes and line.type in ("@include", "password"):
            name = line.module if line.module.startswith("/") else f"{PAM_DIR}/{line.module}"
            stack.extend(_password_stack(target, name, (*chain, path), line.location))
        elif line.type == "password":
            stack.append(line)
    return tuple(stack)


def _settings(target: Target, paths: Sequence[str], parse: object) -> Settings:
    merged = Settings()
    for path in paths:
        text = read_if_present(target, path)
        if text is None:
            continue
        settings, issues = parse(text, path)  # type: ignore[operator]
        raise_first(issues)
        merged = merged.merged(settings)
    return merged


PASSWORD_POLICY_READS = Reads(
    files=(LOGIN_DEFS_PATH, PWQUALITY_PATH),
    globs=(f"{PWQUALITY_DIR}/*.conf",),
    trees=((PAM_DIR, 1),),
    follows=(Follow(FollowKind.INCLUDE, ("include", "substack"), bases=(PAM_DIR,)),),
)


@declares(PASSWORD_POLICY_READS)
def gather_password_policy(target: Target) -> PasswordPolicyFacts:
    service = f"{PAM_DIR}/passwd"
    start = service if target.stat(service) is not None else COMMON_PASSWORD
    stack = _password_stack(target, start, (), Location(start))
    login_defs_found = target.stat(LOGIN_DEFS_PATH) is not None
    if not stack and not login_defs_found and target.stat(PAM_DIR) is None:
        raise SubjectAbsent("neither /etc/pam.d nor /etc/login.defs exists on this target")
    stack_file = stack[0].location.path if stack else COMMON_PASSWORD
    pwquality_files = [PWQUALITY_PATH, *target.glob(f"{PWQUALITY_DIR}/*.conf")]
    return PasswordPolicyFacts(
        stack=stack,
        stack_file=stack_file,
        pwquality=_settings(target, pwquality_files, parse_pwquality),
        pwquality_file=PWQUALITY_PATH,
        login_defs=_settings(target, [LOGIN_DEFS_PATH], parse_login_defs),
        login_defs_found=login_defs_found,
    )
