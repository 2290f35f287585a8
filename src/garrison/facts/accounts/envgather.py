"""Gatherers of root's PATH, the default umask, home directories and root's mail alias (thin I/O)."""

from __future__ import annotations

from types import MappingProxyType

from garrison.effective import Effective
from garrison.facts.accounts.aliases import (
    ALIASES_PATH,
    NULLMAILER_ADMINADDR,
    SENDMAIL,
    MailAliasesFacts,
    parse_aliases,
)
from garrison.facts.accounts.environment import (
    COMMON_SESSION,
    PROFILE,
    PathAssignment,
    RootPathFacts,
    RootPathSettings,
    UmaskFacts,
    path_dirs,
)
from garrison.facts.accounts.homes import HomeDir, HomeDirsFacts, home_paths, interactive
from garrison.facts.accounts.logindefs import LOGIN_DEFS_PATH, Settings, parse_login_defs
from garrison.facts.accounts.pam import PAM_DIR
from garrison.facts.accounts.pamfiles import PamFacts
from garrison.facts.accounts.passwd import AccountsFacts
from garrison.facts.accounts.shellenv import (
    UmaskLine,
    env_file_paths,
    login_defs_path,
    path_assignments,
    sourced_at,
    split_path,
    umask_lines,
)
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import FactStore
from garrison.model import Dialect, Location
from garrison.targets.base import Target, read_if_present

ENVIRONMENT = "/etc/environment"
ROOT_HOME = "/root"
ROOT_SHELL_FILES = tuple(f"{ROOT_HOME}/{n}" for n in (".bash_profile", ".bash_login", ".profile", ".bashrc"))
BASH_BASHRC = "/etc/bash.bashrc"
PROFILE_D = "/etc/profile.d"


def _login_defs(target: Target) -> Settings:
    text = read_if_present(target, LOGIN_DEFS_PATH)
    return Settings() if text is None else parse_login_defs(text, LOGIN_DEFS_PATH)[0]


def _assignment(dialect: Dialect, path: str, key: str, line: int | None, value: str) -> PathAssignment:
    entries, skipped = split_path(value, ROOT_HOME)
    return PathAssignment(Effective.at(dialect, path, key, value, line=line), entries, skipped)


@declares(Reads(files=(ENVIRONMENT, LOGIN_DEFS_PATH, *ROOT_SHELL_FILES)))
def gather_root_path_settings(target: Target) -> RootPathSettings:
    found: list[PathAssignment] = []
    files: list[str] = []
    text = read_if_present(target, ENVIRONMENT)
    if text is not None:
        files.append(ENVIRONMENT)
        found += [_assignment(Dialect.ENV, ENVIRONMENT, "PATH", n, v) for n, v in env_file_paths(text)]
    defs = _login_defs(target)
    for key in ("ENV_SUPATH", "ENV_ROOTPATH"):
        setting = defs.get(key)
        if setting is not None:
            value = login_defs_path(setting.value)
            found.append(_assignment(Dialect.LOGIN_DEFS, LOGIN_DEFS_PATH, key, setting.location.line, value))
    if defs.entries:
        files.append(LOGIN_DEFS_PATH)
    for path in ROOT_SHELL_FILES:
        text = read_if_present(target, path)
        if text is not None:
            files.append(path)
            found += [_assignment(Dialect.SHELL, path, "PATH", n, v) for n, v in path_assignments(text, path)]
    return RootPathSettings(tuple(found), tuple(files))


@declares(Reads(needs=(RootPathSettings,), follows=(Follow(FollowKind.FACT, named_by=path_dirs),)))
def gather_root_path(target: Target, store: FactStore) -> RootPathFacts:
    settings = store.get(RootPathSettings)
    dirs = {path: target.stat(path) for path in path_dirs(settings)}
    return RootPathFacts(settings.assignments, settings.files, MappingProxyType(dirs))


@declares(
    Reads(
        files=(LOGIN_DEFS_PATH, PROFILE, BASH_BASHRC),
        globs=(f"{PROFILE_D}/*.sh",),
        needs=(PamFacts,),
    )
)
def gather_umask(target: Target, store: FactStore) -> UmaskFacts:
    pam = store.peek(PamFacts)
    session_file = f"{PAM_DIR}/sshd"
    if pam is None or session_file not in pam.files:
        session_file = COMMON_SESSION
    stack = () if pam is None else pam.stack(session_file, "session")
    pam_umask = next((line for line in reversed(stack) if line.module_name == "pam_umask"), None)
    shell, files = _profile_umasks(target)
    return UmaskFacts(pam_umask, session_file, _login_defs(target), tuple(shell), tuple(files))


def _profile_umasks(target: Target) -> tuple[list[UmaskLine], list[str]]:
    """The umask lines a login shell runs, in order: /etc/profile's own, with /etc/bash.bashrc's and
    /etc/profile.d/*.sh's at the line where /etc/profile sources them (nothing when it does not)."""
    text = read_if_present(target, PROFILE)
    if text is None:
        return [], []
    files = [PROFILE]
    events = [(line.location.line or 0, 0, [line]) for line in umask_lines(text, PROFILE)]
    for name, paths in ((BASH_BASHRC, (BASH_BASHRC,)), (PROFILE_D, None)):
        at = sourced_at(text, name)
        if at is None:
            continue
        lines: list[UmaskLine] = []
        for path in paths or target.glob(f"{PROFILE_D}/*.sh"):
            sourced = read_if_present(target, path)
            if sourced is not None:
                files.append(path)
                lines += umask_lines(sourced, path)
        events.append((at, 1, lines))
    return [line for _, _, group in sorted(events, key=lambda e: (e[0], e[1])) for line in group], files


@declares(Reads(needs=(AccountsFacts,), follows=(Follow(FollowKind.FACT, named_by=home_paths),)))
def gather_home_dirs(target: Target, store: FactStore) -> HomeDirsFacts:
    accounts = store.get(AccountsFacts)
    return HomeDirsFacts(tuple(HomeDir(user, target.stat(user.home)) for user in interactive(accounts)))


@declares(Reads(files=(ALIASES_PATH, SENDMAIL, NULLMAILER_ADMINADDR)))
def gather_mail_aliases(target: Target) -> MailAliasesFacts:
    text = read_if_present(target, ALIASES_PATH)
    aliases, issues = parse_aliases(text or "", ALIASES_PATH)
    admin = read_if_present(target, NULLMAILER_ADMINADDR)
    adminaddr = None
    if admin is not None and admin.strip():
        adminaddr = (admin.strip().split()[0], Location(NULLMAILER_ADMINADDR, 1))
    mta = target.stat(SENDMAIL) is not None
    return MailAliasesFacts(MappingProxyType(aliases), text is not None, mta, adminaddr, issues)
