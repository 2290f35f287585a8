"""Fact models for sudo and the password policy, and the effective-value helpers the rules share.

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
from garrison.model import Location

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


@dataclass(frozen=True, slots=True)
class Effective:
    """An effective value and where it comes from (`line` None: a built-in default)."""

    value: str
    location: Location
    note: str


def _int(text: str | None) -> int | None:
    try:
        return None if text is None else int(text.strip())
    except ValueError:
        return None


def _pwquality_value(policy: PasswordPolicyFacts, line: PamLine, name: str) -> tuple[int | None, Location]:
    arg = _int(line.option(name))
    if arg is not None:
        return arg, line.location
    setting: Setting | None = policy.pwquality.get(name)
    value = None if setting is None else _int(setting.value)
    return value, (setting.location if setting is not None and value is not None else line.location)


def effective_min_length(policy: PasswordPolicyFacts) -> Effective:
    """The shortest password passwd(1) accepts for a normal user, with where that comes from."""
    best = Effective(str(PAM_UNIX_MINLEN), Location(policy.stack_file), "pam_unix default minlen")
    unix = policy.module("pam_unix")
    if unix is not None and _int(unix.option("minlen")) is not None:
        best = Effective(str(_int(unix.option("minlen"))), unix.location, "pam_unix minlen")
    quality = policy.module("pam_pwquality", "pam_cracklib")
    if quality is None or quality.control in ("optional", "sufficient"):
        return best
    cracklib = quality.module_name == "pam_cracklib"
    if cracklib:  # pam_cracklib reads only its arguments
        minlen, where = _int(quality.option("minlen")), quality.location
        minlen = CRACKLIB_MINLEN if minlen is None else minlen
    else:
        minlen, where = _pwquality_value(policy, quality, "minlen")
        if minlen is None:
            minlen, where = PWQUALITY_MINLEN, Location(policy.pwquality_file)
    minlen = max(minlen, PWQUALITY_FLOOR)
    credit = 0
    for name in _CREDITS:
        value = _int(quality.option(name)) if cracklib else _pwquality_value(policy, quality, name)[0]
        value = (CRACKLIB_CREDIT if cracklib else 0) if value is None else value
        credit += max(value, 0)
    length = max(minlen - credit, 1)
    note = f"{quality.module_name} minlen {minlen}" + (f" less {credit} credits" if credit else "")
    if length >= int(best.value):
        return Effective(str(length), where, note)
    return best


def effective_pam_method(policy: PasswordPolicyFacts) -> Effective:
    """The scheme pam_unix hashes new passwords with."""
    unix = policy.module("pam_unix")
    if unix is not None:
        for method in reversed(unix.args):
            if method in PAM_UNIX_METHODS:
                return Effective(method, unix.location, "pam_unix option")
    fallback = login_defs_method(policy)
    return Effective(fallback.value, fallback.location, "pam_unix has no method option: " + fallback.note)


def login_defs_method(policy: PasswordPolicyFacts) -> Effective:
    setting = policy.login_defs.get("ENCRYPT_METHOD")
    if setting is not None:
        return Effective(setting.value.lower(), setting.location, "login.defs ENCRYPT_METHOD")
    md5 = policy.login_defs.get("MD5_CRYPT_ENAB")
    if md5 is not None and md5.value.lower() == "yes":
        return Effective("md5", md5.location, "login.defs MD5_CRYPT_ENAB")
    return Effective(LOGIN_DEFS_ENCRYPT_DEFAULT.lower(), Location(LOGIN_DEFS_PATH), "shadow's default")
