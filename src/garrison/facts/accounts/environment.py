"""Root's PATH and the default umask, from every file that sets them.

Root's PATH is set, in the order a login runs them, by /etc/environment (pam_env), login.defs ENV_SUPATH or
ENV_ROOTPATH (su, login), then root's own startup files (.bash_profile, .bash_login, .profile, .bashrc).
Each source's own entries are judged: the inherited `$PATH` is judged where it was set.

The umask of a login session (later wins): what the session inherits (0022, systemd's default UMask= for
sshd and getty); pam_umask in the session stack of sshd (else common-session), with its `umask=` argument,
else login.defs UMASK (pam_umask.c reads it; without pam_umask, UMASK only sets the mode useradd gives new
home directories); then, for login shells, the `umask` lines of /etc/profile in file order, with those of
/etc/bash.bashrc (interactive bash) and /etc/profile.d/*.sh at the line where /etc/profile sources them
(Debian's does both; tests/differential/test_umask_profile.py checks the order against sh). pam_umask's
`usergroups` option copies the owner bits to the group bits for users whose primary group has their name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from garrison.effective import Effective
from garrison.facts.accounts.logindefs import LOGIN_DEFS_PATH, Setting, Settings
from garrison.facts.accounts.pam import PAM_DIR, PamLine
from garrison.facts.accounts.shellenv import UmaskLine
from garrison.model import Dialect, SettingRef
from garrison.targets.base import FileStat

INHERITED_UMASK = 0o022
PROFILE = "/etc/profile"
COMMON_SESSION = f"{PAM_DIR}/common-session"


@dataclass(frozen=True, slots=True)
class PathAssignment:
    """One PATH a source sets for root: its value where set, the entries it adds, those it could not read."""

    value: Effective[str]
    entries: tuple[str, ...]
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RootPathSettings:
    assignments: tuple[PathAssignment, ...]
    files: tuple[str, ...]  # the files read


@dataclass(frozen=True, slots=True)
class RootPathFacts:
    """Root's PATH assignments and what each absolute entry is on disk (None: it does not exist)."""

    assignments: tuple[PathAssignment, ...]
    files: tuple[str, ...]
    dirs: Mapping[str, FileStat | None]


def path_dirs(facts: object) -> tuple[str, ...]:
    """The absolute directories root's PATH names (what `RootPathFacts`' gatherer stats)."""
    if not isinstance(facts, RootPathSettings):
        return ()
    return tuple(dict.fromkeys(e for a in facts.assignments for e in a.entries if e.startswith("/")))


@dataclass(frozen=True, slots=True)
class UmaskChoice:
    """The effective umask: `value`, where it is decided (or belongs), and which program decides it."""

    value: int
    effective: Effective[str]
    note: str
    usergroups: bool = False  # pam_umask usergroups decides it: user-private-group members get 0o0X0 = owner


@dataclass(frozen=True, slots=True)
class UmaskFacts:
    pam_umask: PamLine | None  # in the session stack below
    session_file: str  # the session stack judged (sshd, else common-session)
    login_defs: Settings
    shell: tuple[UmaskLine, ...]  # /etc/profile, /etc/bash.bashrc, /etc/profile.d/*.sh, in order
    profile_files: tuple[str, ...]

    @property
    def undecided(self) -> UmaskLine | None:
        """The last shell umask line when its value cannot be read (then the effective mask is not known)."""
        return self.shell[-1] if self.shell and self.shell[-1].value is None else None

    def effective(self) -> UmaskChoice:
        readable = [line for line in self.shell if line.value is not None]
        if readable:
            last = readable[-1]
            at = last.location
            value = Effective.at(Dialect.SHELL, at.path, "umask", f"{last.value:04o}", line=at.line)
            return UmaskChoice(last.value or 0, value, f"umask line in {at.path}")
        if self.pam_umask is not None:
            return _pam_choice(self.pam_umask, self.login_defs)
        shown = f"{INHERITED_UMASK:04o}"
        value = Effective.default(Dialect.SHELL, PROFILE, "umask", shown)
        note = f"no umask line and no pam_umask in {self.session_file}: the inherited {shown}"
        return UmaskChoice(INHERITED_UMASK, value, note)


def _octal(text: str) -> int | None:
    try:
        return int(text, 8) & 0o777
    except ValueError:
        return None


def _pam_choice(line: PamLine, login_defs: Settings) -> UmaskChoice:
    usergroups = "usergroups" in line.args
    argument = line.option("umask")
    if argument is not None and _octal(argument) is not None:
        ref = SettingRef(Dialect.PAM, line.location.path, "pam_umask.so umask")
        value = Effective(f"{_octal(argument):04o}", argument, ref, line.location.line)
        return UmaskChoice(_octal(argument) or 0, value, "pam_umask umask= argument", usergroups)
    setting: Setting | None = login_defs.get("UMASK")
    mask = None if setting is None else _octal(setting.value)
    if setting is not None and mask is not None:
        at = setting.location
        value = Effective.at(Dialect.LOGIN_DEFS, at.path, "UMASK", f"{mask:04o}", line=at.line)
        return UmaskChoice(mask, value, "login.defs UMASK through pam_umask", usergroups)
    shown = f"{INHERITED_UMASK:04o}"
    value = Effective.default(Dialect.LOGIN_DEFS, LOGIN_DEFS_PATH, "UMASK", shown)
    return UmaskChoice(INHERITED_UMASK, value, "pam_umask without umask= or UMASK: the inherited", usergroups)
