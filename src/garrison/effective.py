"""A setting's effective value, the one shape every fact pack gives its rules and every rule cites.

    Effective.at(Dialect.SSHD, "/etc/ssh/sshd_config", "PermitRootLogin", "yes", line=5)
    Effective.default(Dialect.SSHD, "/etc/ssh/sshd_config", "MaxAuthTries", 6)     # not set: built-in
    value.cite(expected="no", wanted=Wanted(Relation.EQUALS, ("no",)))              # Evidence with a role

It lives beside the model (the bottom layer) so that packs build it with their precedence and defaults
applied, and rules judge `value` and cite it, never re-reading syntax trees. A pack that knows more about a
setting (the nginx block it is written in, a Prosody option's Lua value) keeps that beside an `Effective`,
never a second copy of value, place and default.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from garrison.model import Dialect, Evidence, EvidenceRole, Location, SettingRef, Wanted

V = TypeVar("V")


class Source(StrEnum):
    """Where an effective value comes from."""

    SET = "set"  # a line of a config file
    DEFAULT = "default"  # not set: the program's built-in default
    LIVE = "live"  # read from the running program (sshd -T, /proc)


@dataclass(frozen=True, slots=True)
class Effective(Generic[V]):
    """A setting's effective value: `shown` is how the program writes it; `line` is None when not set."""

    value: V
    shown: str
    setting: SettingRef
    line: int | None = None
    source: Source = Source.SET

    @classmethod
    def at(
        cls,
        dialect: Dialect,
        path: str,
        key: str,
        value: V,
        *,
        line: int | None,
        shown: str | None = None,
        scope: str | None = None,
    ) -> Effective[V]:
        """A value set at `path:line`."""
        text = str(value) if shown is None else shown
        return cls(value, text, SettingRef(dialect, path, key, scope), line, Source.SET)

    @classmethod
    def default(
        cls,
        dialect: Dialect,
        path: str,
        key: str,
        value: V,
        *,
        shown: str | None = None,
        scope: str | None = None,
    ) -> Effective[V]:
        """Not set: the built-in `value`, cited at `path`, the file where the setting belongs."""
        text = str(value) if shown is None else shown
        return cls(value, text, SettingRef(dialect, path, key, scope), None, Source.DEFAULT)

    @property
    def is_default(self) -> bool:
        return self.source is Source.DEFAULT

    @property
    def location(self) -> Location:
        return Location(self.setting.path, self.line)

    def described(self) -> str:
        """`yes`, `yes (built-in default)`, `yes (live)`: for messages."""
        suffix = {Source.DEFAULT: " (built-in default)", Source.LIVE: " (live)"}.get(self.source, "")
        return f"{self.shown}{suffix}"

    def cite(
        self,
        expected: str | None = None,
        *,
        wanted: Wanted | None = None,
        subject: str | None = None,
        actual: str | None = None,
    ) -> Evidence:
        """Evidence at the deciding line (role SETTING), or where the setting belongs (role DEFAULT)."""
        role = EvidenceRole.DEFAULT if self.is_default else EvidenceRole.SETTING
        shown = self.shown if actual is None else actual
        return Evidence(self.location, shown, expected, role, self.setting, subject, wanted)
