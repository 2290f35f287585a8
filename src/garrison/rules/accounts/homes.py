"""Account rules on what belongs to people's accounts: home directory modes, and root's mail alias."""

from __future__ import annotations

from garrison.facts.accounts import ALIASES_PATH, AccountsFacts, HomeDir, HomeDirsFacts, MailAliasesFacts
from garrison.model import (
    Dialect,
    Evidence,
    Outcome,
    Relation,
    Severity,
    Wanted,
    failed,
    not_applicable,
    passed,
)
from garrison.rules.expect import Effective, file_mode
from garrison.rules.registry import rule
from garrison.rules.wording import counted, listing, mode, nothing_to_check

#: CIS (Debian 12, "local interactive user home directories"): mode 0750 or more restrictive, so group
#: read/search stays allowed (a shared-group web root) but group write and any access by others do not.
HOME_EXCESS = 0o027
_SHOWN = 6
_MAX_ALIAS_DEPTH = 8


def _home_problem(home: HomeDir) -> str | None:
    info = home.stat
    if info is None:
        return None
    excess = info.mode & HOME_EXCESS
    if excess:
        what = "writable by its group" if excess & 0o020 else "open to others"
        what = "writable by others" if excess & 0o002 else what
        return f"{home.user.home} of {home.user.name} is {what} ({mode(info.mode)})"
    if info.uid != home.user.uid:
        return f"{home.user.home} of {home.user.name} is owned by uid {info.uid}"
    return None


@rule(
    id="accounts.home-directory-modes",
    title="Home directories are private to their owners",
    problem="A home directory is writable by others or open to other users",
    severity=Severity.MEDIUM,
    rationale="""Anyone who can write a home directory can replace its .profile, .bashrc or
        .ssh/authorized_keys and so log in as, or run code as, its owner (root's included); a home readable
        by others leaks shell history, keys and mail. Mode 0750 or stricter, owned by the account, is the
        threshold (CIS): the group may look in, nobody else.""",
    remediation="chmod 0750 /home/<user>; chown <user> /home/<user>   # 0700 for /root",
    references=("guide:002 step 3 review users and sudo access",),
)
def home_directory_modes(homes: HomeDirsFacts) -> Outcome:
    present = [h for h in homes.homes if h.stat is not None]
    if not present:
        return nothing_to_check("no home directory of root or a login account exists")
    bad = [(h, p) for h in present if (p := _home_problem(h)) is not None]
    missing = [h.user.home for h in homes.homes if h.stat is None]
    note = f"; {listing(missing, limit=_SHOWN)} missing" if missing else ""
    if not bad:
        shown = counted(len(present), "home directory", "is", "are", "home directories")
        return passed(f"{shown} 0750 or stricter{note}")
    proof: list[Evidence] = []
    for home, _ in bad:
        info = home.stat
        assert info is not None
        actual = f"{mode(info.mode)} uid {info.uid}"
        proof.append(
            file_mode(
                home.user.home, actual, f"0750 or stricter, owned by {home.user.name}", subject=home.user.name
            )
        )
    return failed(listing((p for _, p in bad), limit=_SHOWN), *proof)


def _delivered(name: str, aliases: MailAliasesFacts, accounts: AccountsFacts, depth: int = 0) -> list[str]:
    """Where mail to `name` ends up that a person can read: addresses, people's mailboxes, programs."""
    alias = aliases.alias(name) if depth < _MAX_ALIAS_DEPTH else None
    if alias is None:
        return []
    found: list[str] = []
    for target in alias.targets:
        lowered = target.lower()
        if "@" in target or target.startswith(("|", ":include:")):
            found.append(target)
        elif target.startswith("/"):
            found += [] if target == "/dev/null" else [target]
        elif aliases.alias(lowered) is not None and lowered != name:
            found += _delivered(lowered, aliases, accounts, depth + 1)
        else:
            user = accounts.user(target)
            if user is not None and user.uid != 0 and user.uid >= 1000:
                found.append(target)
    return found


@rule(
    id="accounts.root-mail-alias",
    title="Mail to root reaches a person",
    problem="Mail to root is not forwarded to anyone who reads it",
    severity=Severity.LOW,
    rationale="""cron, unattended-upgrades, smartd, mdadm and logcheck report failures and security events
        by mail to root. Without a `root:` alias to a real mailbox they pile up unread in /var/mail/root (or
        go to /dev/null), and the warnings that would have caught a problem early are never seen.""",
    remediation="""# /etc/aliases, then run newaliases
root: admin@example.net""",
)
def root_mail_alias(aliases: MailAliasesFacts, accounts: AccountsFacts) -> Outcome:
    if aliases.adminaddr is not None:
        address, where = aliases.adminaddr
        value = Effective.at(Dialect.MAIL_ALIASES, where.path, "adminaddr", address, line=where.line)
        return passed(f"nullmailer sends mail for local users to {address}", value.cite())
    if not aliases.mta and not aliases.present:
        return not_applicable("no mail transfer agent (no /usr/sbin/sendmail) and no /etc/aliases")
    alias = aliases.alias("root")
    wanted = Wanted(Relation.PRESENT)
    if alias is None:
        value = Effective.default(Dialect.MAIL_ALIASES, ALIASES_PATH, "root", "no root alias")
        return failed(
            "no root alias in /etc/aliases: mail to root stays in /var/mail/root",
            value.cite("root: <a person's address>", wanted=wanted),
        )
    found = _delivered("root", aliases, accounts)
    at = alias.location
    value = Effective.at(Dialect.MAIL_ALIASES, at.path, "root", ", ".join(alias.targets), line=at.line)
    if found:
        return passed(f"mail to root goes to {listing(found, limit=3)}", value.cite())
    return failed(
        f"root's alias ({', '.join(alias.targets) or 'empty'}) reaches no person's mailbox or address",
        value.cite("a person's account or address", wanted=wanted),
    )
