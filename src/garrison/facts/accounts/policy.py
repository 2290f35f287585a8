"""Fact models for sudo and the password policy, with the policy's effective values (`PolicyChoice`).

Effective minimum password length on Debian 12 (passwd(1) is built with PAM, so login.defs PASS_MIN_LEN is
ignored): the `password` stack of /etc/pam.d/passwd (normally `@include common-password`). pam_pwquality
(libpwquality 1.4.5) defaults to minlen 8 with all credits 0, never below 6; its own `minlen=` argument beats
pwquality.conf, whose conf.d files beat the main file. pam_cracklib defaults to minlen 9 with credits of 1.
pam_unix (Linux-PAM 1.5.2) checks its own `minlen=` (default 6) as well. Credits lower the real minimum:
a password may be `minlen - sum(positive credits)` characters long.

Hashing: pam_unix's method option (yescrypt, sha512, ...) wins; without one it uses login.defs
ENCRYPT_METHOD; chpasswd/newusers always use ENCRYPT_METHOD, whose shadow 4.13 default is DES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from garrison.effective import Effective, Source
from garrison.facts.accounts.logindefs import LOGIN_DEFS_PATH, Setting, Settings
from garrison.facts.accounts.pam import PamLine
from garrison.facts.accounts.sudoers import (
    AliasKind,
    DefaultsScope,
    SudoAlias,
    SudoCommand,
    SudoDefault,
    SudoItem,
    SudoUserSpec,
)
from garrison.model import Dialect, SettingRef

COMMON_PASSWORD = "/etc/pam.d/common-password"
PAM_UNIX_MINLEN = 6
PWQUALITY_MINLEN, PWQUALITY_FLOOR = 8, 6
CRACKLIB_MINLEN, CRACKLIB_CREDIT = 9, 1
PAM_UNIX_METHODS = ("yescrypt", "gost_yescrypt", "sha512", "sha256", "blowfish", "bigcrypt", "md5")
LOGIN_DEFS_ENCRYPT_DEFAULT = "DES"
_CREDITS = ("dcredit", "ucredit", "lcredit", "ocredit")


#: programs that hand out a shell: a sudo grant of one is a grant of ALL
SUDO_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "fish", "csh", "tcsh", "su", "sudo", "env"})
_MAX_ALIAS_DEPTH = 8
#: a command whose program (the first word's last path part) is one of SUDO_SHELLS
_SHELL = re.compile(r"/(?:\S*/)?(?:" + "|".join(sorted(SUDO_SHELLS)) + r")(?=\s|\Z)")

Grant = tuple[SudoUserSpec, SudoCommand]


@dataclass(frozen=True, slots=True)
class SudoersFacts:
    """Every item of /etc/sudoers and the files it includes, in the order sudo reads them.

    The views rules share (Defaults, user specifications, aliases by name, the grants of ALL) are built once
    with the facts, not once per rule: a sudoers file may have 100,000 lines."""

    items: tuple[SudoItem, ...]
    files: tuple[str, ...]
    _defaults: tuple[SudoDefault, ...] = field(init=False, repr=False, compare=False)
    _specs: tuple[SudoUserSpec, ...] = field(init=False, repr=False, compare=False)
    #: (kind, name) -> the last definition
    _aliases: dict[tuple[AliasKind, str], SudoAlias] = field(init=False, repr=False, compare=False)
    #: (command, alias depth) -> whether it grants ALL, filled as rules ask; the full grants on first use
    _grants: dict[tuple[str, int], bool] = field(init=False, repr=False, compare=False)
    _full: tuple[Grant, ...] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        items = self.items
        object.__setattr__(self, "_defaults", tuple(i for i in items if isinstance(i, SudoDefault)))
        object.__setattr__(self, "_specs", tuple(i for i in items if isinstance(i, SudoUserSpec)))
        aliases = {(i.kind, i.name): i for i in items if isinstance(i, SudoAlias)}
        object.__setattr__(self, "_aliases", aliases)
        object.__setattr__(self, "_grants", {})

    @property
    def defaults(self) -> tuple[SudoDefault, ...]:
        return self._defaults

    @property
    def specs(self) -> tuple[SudoUserSpec, ...]:
        return self._specs

    def alias(self, kind: AliasKind, name: str) -> SudoAlias | None:
        """The last definition of alias `name` of that kind."""
        return self._aliases.get((kind, name))

    def grants_all(self, command: str, depth: int = 0) -> bool:
        """True when a command entry is `ALL`, a shell (which is the same thing), or a Cmnd_Alias holding one
        (aliases of aliases to a depth of 8). Answers are remembered: each alias is judged once."""
        if command.startswith("!") or depth > _MAX_ALIAS_DEPTH:
            return False
        if command == "ALL":
            return True
        if command.startswith("/") and _SHELL.match(command) is not None:
            return True
        known = self._grants.get((command, depth))
        if known is None:
            alias = self._aliases.get((AliasKind.CMND, command))
            known = alias is not None and any(self.grants_all(m, depth + 1) for m in alias.members)
            self._grants[(command, depth)] = known
        return known

    def full_grants(self) -> tuple[Grant, ...]:
        """Every (user specification, command) that grants ALL, in file order."""
        found = self._full
        if found is None:
            found = tuple((s, c) for s in self._specs for c in s.commands if self.grants_all(c.command))
            object.__setattr__(self, "_full", found)
        return found

    def global_flag(self, name: str) -> bool:
        """True when the last global `Defaults` for a boolean flag turns it on."""
        state = False
        for item in self._defaults:
            if item.scope is DefaultsScope.GLOBAL and item.name == name:
                state = not item.negated
        return state


@dataclass(frozen=True, slots=True)
class PolicyChoice:
    """An effective policy value (set, or a built-in default cited where it belongs) and `note`, which
    program's setting decides it (`pam_pwquality minlen 14 less 2 credits`, `shadow's default`)."""

    effective: Effective[str]
    note: str


@dataclass(frozen=True, slots=True)
class PasswordPolicyFacts:
    """The `password` stack passwd(1) runs, pwquality settings and login.defs."""

    stack: tuple[PamLine, ...]
    stack_file: str  # the file where the password stack is (or belongs), for evidence
    pwquality: Settings
    pwquality_file: str
    login_defs: Settings
    login_defs_found: bool

    def module(self, *names: str) -> PamLine | None:
        return next((line for line in self.stack if line.module_name in names), None)

    def min_length(self) -> PolicyChoice:
        """The shortest password passwd(1) accepts for a normal user, with where that comes from."""
        return effective_min_length(self)

    def pam_method(self) -> PolicyChoice:
        """The scheme pam_unix hashes new passwords with (passwd)."""
        return effective_pam_method(self)

    def login_defs_method(self) -> PolicyChoice:
        """The scheme chpasswd and newusers hash with: login.defs ENCRYPT_METHOD."""
        return login_defs_method(self)


def _int(text: str | None) -> int | None:
    try:
        return None if text is None else int(text.strip())
    except ValueError:
        return None


def _choice(
    value: str, setting: SettingRef, line: int | None, note: str, default: bool = False
) -> PolicyChoice:
    source = Source.DEFAULT if default else Source.SET
    return PolicyChoice(Effective(value, value, setting, line, source), note)


def _pam(line: PamLine, key: str) -> tuple[SettingRef, int | None]:
    """A PAM module's argument `key` on `line` (`pam_unix.so minlen`)."""
    return SettingRef(Dialect.PAM, line.location.path, f"{line.module_name}.so {key}"), line.location.line


def _pwquality_value(
    policy: PasswordPolicyFacts, line: PamLine, name: str
) -> tuple[int | None, SettingRef, int | None]:
    arg = _int(line.option(name))
    if arg is not None:
        return (arg, *_pam(line, name))
    setting: Setting | None = policy.pwquality.get(name)
    value = None if setting is None else _int(setting.value)
    if setting is not None and value is not None:
        return value, SettingRef(Dialect.PWQUALITY, setting.location.path, name), setting.location.line
    return (value, *_pam(line, name))


def effective_min_length(policy: PasswordPolicyFacts) -> PolicyChoice:
    """The shortest password passwd(1) accepts for a normal user, with where that comes from."""
    unix_ref = SettingRef(Dialect.PAM, policy.stack_file, "pam_unix.so minlen")
    best = _choice(str(PAM_UNIX_MINLEN), unix_ref, None, "pam_unix default minlen", True)
    unix = policy.module("pam_unix")
    if unix is not None and _int(unix.option("minlen")) is not None:
        best = _choice(str(_int(unix.option("minlen"))), *_pam(unix, "minlen"), "pam_unix minlen")
    quality = policy.module("pam_pwquality", "pam_cracklib")
    if quality is None or quality.control in ("optional", "sufficient"):
        return best
    cracklib = quality.module_name == "pam_cracklib"
    default = False
    if cracklib:  # pam_cracklib reads only its arguments
        minlen = _int(quality.option("minlen"))
        ref, line = _pam(quality, "minlen")
        minlen = CRACKLIB_MINLEN if minlen is None else minlen
    else:
        minlen, ref, line = _pwquality_value(policy, quality, "minlen")
        if minlen is None:
            minlen, ref, line = (
                PWQUALITY_MINLEN,
                SettingRef(Dialect.PWQUALITY, policy.pwquality_file, "minlen"),
                None,
            )
            default = True
    minlen = max(minlen, PWQUALITY_FLOOR)
    credit = 0
    for name in _CREDITS:
        value = _int(quality.option(name)) if cracklib else _pwquality_value(policy, quality, name)[0]
        value = (CRACKLIB_CREDIT if cracklib else 0) if value is None else value
        credit += max(value, 0)
    length = max(minlen - credit, 1)
    note = f"{quality.module_name} minlen {minlen}" + (f" less {credit} credits" if credit else "")
    if length >= int(best.effective.value):
        return _choice(str(length), ref, line, note, default)
    return best


def effective_pam_method(policy: PasswordPolicyFacts) -> PolicyChoice:
    """The scheme pam_unix hashes new passwords with."""
    unix = policy.module("pam_unix")
    if unix is not None:
        for method in reversed(unix.args):
            if method in PAM_UNIX_METHODS:
                ref = SettingRef(Dialect.PAM, unix.location.path, "pam_unix.so method")
                return _choice(method, ref, unix.location.line, "pam_unix option")
    fallback = login_defs_method(policy)
    return PolicyChoice(fallback.effective, "pam_unix has no method option: " + fallback.note)


def login_defs_method(policy: PasswordPolicyFacts) -> PolicyChoice:
    def at(setting: Setting, key: str, value: str, note: str) -> PolicyChoice:
        ref = SettingRef(Dialect.LOGIN_DEFS, setting.location.path, key)
        return _choice(value, ref, setting.location.line, note)

    setting = policy.login_defs.get("ENCRYPT_METHOD")
    if setting is not None:
        return at(setting, "ENCRYPT_METHOD", setting.value.lower(), "login.defs ENCRYPT_METHOD")
    md5 = policy.login_defs.get("MD5_CRYPT_ENAB")
    if md5 is not None and md5.value.lower() == "yes":
        return at(md5, "MD5_CRYPT_ENAB", "md5", "login.defs MD5_CRYPT_ENAB")
    ref = SettingRef(Dialect.LOGIN_DEFS, LOGIN_DEFS_PATH, "ENCRYPT_METHOD")
    return _choice(LOGIN_DEFS_ENCRYPT_DEFAULT.lower(), ref, None, "shadow's default", True)
