"""/etc/aliases (aliases(5), as exim4, postfix, dma and msmtp read it) and nullmailer's adminaddr.

`name: target, target` lines; a line starting with a blank continues the previous one; `#` starts a comment
line. Names are case-insensitive; the last definition of a name is the one `newaliases` keeps with a
warning (postfix) - the rules take the last. Targets are local names, addresses, `/file`, `|command` or
`:include:/file`. `parse_aliases` is pure and never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from garrison.facts.quoting import shown
from garrison.model import Dialect, Location, ParseIssue, SettingRef

ALIASES_PATH = "/etc/aliases"
SENDMAIL = "/usr/sbin/sendmail"
NULLMAILER_ADMINADDR = "/etc/nullmailer/adminaddr"


@dataclass(frozen=True, slots=True)
class MailAlias:
    name: str  # lower case
    targets: tuple[str, ...]
    location: Location

    @property
    def setting(self) -> SettingRef:
        return SettingRef(Dialect.MAIL_ALIASES, self.location.path, self.name)


@dataclass(frozen=True, slots=True)
class MailAliasesFacts:
    """The aliases by (lower-case) name; `mta`: /usr/sbin/sendmail exists (some mail transfer agent is
    installed); `adminaddr`: nullmailer's address for mail to local users, with its location."""

    aliases: Mapping[str, MailAlias]
    present: bool  # /etc/aliases exists
    mta: bool
    adminaddr: tuple[str, Location] | None = None
    issues: tuple[ParseIssue, ...] = ()

    def alias(self, name: str) -> MailAlias | None:
        return self.aliases.get(name.lower())


def _targets(text: str) -> tuple[str, ...]:
    return tuple(t.strip().strip('"') for t in text.split(",") if t.strip())


def parse_aliases(text: str, path: str = ALIASES_PATH) -> tuple[dict[str, MailAlias], tuple[ParseIssue, ...]]:
    """Pure, never raises. `root: admin, ops@example.net` -> {"root": MailAlias(...)}."""
    found: dict[str, tuple[list[str], Location]] = {}
    issues: list[ParseIssue] = []
    current: list[str] | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            if current is not None:
                current += _targets(line)
            continue
        name, colon, rest = line.partition(":")
        if not colon or not name.strip() or " " in name.strip():
            issues.append(ParseIssue(Location(path, number), f"not a `name: target` line: {shown(line)!r}"))
            current = None
            continue
        current = list(_targets(rest))
        found[name.strip().lower()] = (current, Location(path, number))
    aliases = {key: MailAlias(key, tuple(targets), where) for key, (targets, where) in found.items()}
    return aliases, tuple(issues)
