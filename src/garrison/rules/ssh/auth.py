"""sshd authentication rules: passwords, root login, attempts, host-based trust, who may log in."""

from __future__ import annotations

from dataclasses import replace

from garrison.facts.sshd import SshdFacts
from garrison.model import Outcome, Relation, Severity, Wanted, failed, passed
from garrison.rules.registry import rule
from garrison.rules.ssh.common import at_most, judge, number, require, unreadable

_GUIDE_SSH = "guide:002 step 1"


@rule(
    id="ssh.password-authentication",
    title="SSH password logins are disabled",
    problem="SSH accepts password logins",
    severity=Severity.HIGH,
    rationale="Password logins over SSH invite endless brute-force and credential-stuffing attempts; "
    "keys cannot be guessed.",
    remediation="PasswordAuthentication no",
    references=(_GUIDE_SSH, "guide:004 os basics"),
)
def password_authentication(sshd: SshdFacts) -> Outcome:
    return require(sshd, "passwordauthentication", "PasswordAuthentication", "no")


def _no_pam(sshd: SshdFacts) -> bool:
    """Without PAM, Linux sshd has no keyboard-interactive backend: nothing to prompt for."""
    return sshd.get("usepam").value == "no"


@rule(
    id="ssh.kbd-interactive-authentication",
    title="SSH keyboard-interactive logins are disabled",
    problem="SSH accepts keyboard-interactive logins",
    severity=Severity.HIGH,
    rationale="With PAM, keyboard-interactive authentication is password authentication by another name "
    "and stays open to brute force after PasswordAuthentication is turned off.",
    remediation="KbdInteractiveAuthentication no",
    references=(_GUIDE_SSH,),
)
def kbd_interactive_authentication(sshd: SshdFacts) -> Outcome:
    return require(
        sshd, "kbdinteractiveauthentication", "KbdInteractiveAuthentication", "no", global_ok=_no_pam
    )


@rule(
    id="ssh.permit-root-login",
    title="SSH root login is off or key-only",
    problem="SSH lets root log in with a password",
    severity=Severity.HIGH,
    rationale="Root is the one account every attacker knows exists; a root password reachable over SSH "
    "is the most valuable target on the host.",
    remediation="PermitRootLogin prohibit-password   (or no)",
    references=(_GUIDE_SSH, "guide:004 os basics"),
)
def permit_root_login(sshd: SshdFacts) -> Outcome:
    safe = ("no", "without-password", "forced-commands-only")
    wanted = Wanted(Relation.ONE_OF, ("no", "prohibit-password"))
    return judge(
        sshd,
        "permitrootlogin",
        "PermitRootLogin",
        lambda v: v in safe,
        "no or prohibit-password",
        wanted=wanted,
    )


@rule(
    id="ssh.permit-root-login-explicit",
    title="PermitRootLogin is set explicitly",
    problem="PermitRootLogin is not set explicitly",
    severity=Severity.LOW,
    rationale="The compiled default has changed across OpenSSH versions and distributions; an explicit "
    "setting keeps the policy visible and stable across upgrades.",
    remediation="PermitRootLogin prohibit-password",
    references=(_GUIDE_SSH,),
)
def permit_root_login_explicit(sshd: SshdFacts) -> Outcome:
    broken = unreadable(sshd, "permitrootlogin", "PermitRootLogin")
    if broken is not None:
        return broken
    value = sshd.effective("permitrootlogin", "PermitRootLogin")
    if value.is_default:
        return failed(
            "PermitRootLogin is not set; the compiled default applies",
            value.cite("an explicit PermitRootLogin line", wanted=Wanted(Relation.PRESENT)),
        )
    return passed(f"PermitRootLogin is set to {value.value}", value.cite())


@rule(
    id="ssh.permit-empty-passwords",
    title="SSH refuses accounts with empty passwords",
    problem="SSH accepts accounts with empty passwords",
    severity=Severity.HIGH,
    rationale="An account without a password would be open to anyone who can reach the SSH port.",
    remediation="PermitEmptyPasswords no",
)
def permit_empty_passwords(sshd: SshdFacts) -> Outcome:
    return require(sshd, "permitemptypasswords", "PermitEmptyPasswords", "no")


@rule(
    id="ssh.max-auth-tries",
    title="SSH allows at most 3 authentication attempts per connection",
    problem="SSH allows more than 3 authentication attempts per connection",
    severity=Severity.MEDIUM,
    rationale="Fewer attempts per connection slow down brute force and make it show up sooner in the logs.",
    remediation="MaxAuthTries 3",
    references=(_GUIDE_SSH,),
)
def max_auth_tries(sshd: SshdFacts) -> Outcome:
    return judge(
        sshd, "maxauthtries", "MaxAuthTries", lambda v: 0 <= number(v) <= 3, "3 or less", wanted=at_most("3")
    )


@rule(
    id="ssh.hostbased-authentication",
    title="SSH host-based authentication is disabled",
    problem="SSH host-based authentication is enabled",
    severity=Severity.MEDIUM,
    rationale="Host-based trust lets anyone who controls a trusted client host log in as its users.",
    remediation="HostbasedAuthentication no",
)
def hostbased_authentication(sshd: SshdFacts) -> Outcome:
    return require(sshd, "hostbasedauthentication", "HostbasedAuthentication", "no")


@rule(
    id="ssh.ignore-rhosts",
    title="SSH ignores .rhosts and .shosts files",
    problem="SSH honours .rhosts and .shosts files",
    severity=Severity.MEDIUM,
    rationale="Per-user .rhosts files let users extend trust to other hosts behind the administrator's back.",
    remediation="IgnoreRhosts yes",
)
def ignore_rhosts(sshd: SshdFacts) -> Outcome:
    return require(sshd, "ignorerhosts", "IgnoreRhosts", "yes")


@rule(
    id="ssh.allow-users-or-groups",
    title="SSH logins are limited to named users or groups",
    problem="Any account with a shell may log in over SSH",
    severity=Severity.LOW,
    rationale="An allow-list keeps service and forgotten accounts from logging in over SSH at all.",
    remediation="AllowGroups ssh-users   (and add the people who need SSH to that group)",
)
def allow_users_or_groups(sshd: SshdFacts) -> Outcome:
    for keyword, label in (("allowusers", "AllowUsers"), ("allowgroups", "AllowGroups")):
        broken = unreadable(sshd, keyword, label)
        if broken is not None:
            return broken
        value = sshd.effective(keyword, label)
        if value.value:
            return passed(f"{label} limits SSH logins", value.cite())
    absent = sshd.effective("allowgroups", "AllowGroups")
    return failed(
        "neither AllowUsers nor AllowGroups is set: every account with a shell may log in",
        absent.cite("AllowUsers or AllowGroups", actual="(not set)", wanted=Wanted(Relation.PRESENT)),
    )


@rule(
    id="ssh.login-grace-time",
    title="SSH drops unauthenticated connections within 60 seconds",
    problem="SSH keeps unauthenticated connections longer than 60 seconds",
    severity=Severity.LOW,
    rationale="A long grace time lets an attacker hold many unauthenticated connections open and exhaust "
    "MaxStartups, locking out real users.",
    remediation="LoginGraceTime 60",
)
def login_grace_time(sshd: SshdFacts) -> Outcome:
    return judge(sshd, "logingracetime", "LoginGraceTime", lambda v: 0 < number(v) <= 60, "1 to 60 seconds")


@rule(
    id="ssh.required-rsa-size",
    title="SSH refuses RSA keys shorter than 2048 bits",
    problem="SSH accepts RSA keys shorter than 2048 bits",
    severity=Severity.LOW,
    rationale="RSA keys under 2048 bits are within reach of well-funded attackers; sshd 9.2 still accepts "
    "1024-bit user and host keys by default.",
    remediation="RequiredRSASize 2048",
    references=("guide:003 key sizes",),
)
def required_rsa_size(sshd: SshdFacts) -> Outcome:
    judged = judge(
        sshd,
        "requiredrsasize",
        "RequiredRSASize",
        lambda v: number(v) >= 2048,
        "2048 or more",
        wanted=Wanted(Relation.AT_LEAST, ("2048",)),
    )
    if sshd.knows("requiredrsasize"):
        return judged
    fixed = f" ({sshd.release.label} has no RequiredRSASize, added in 9.1: its minimum is fixed)"
    return replace(judged, message=judged.message + fixed)
