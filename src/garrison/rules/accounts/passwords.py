"""Account rules on passwords: empty and weak hashes in /etc/shadow, the PAM length and hashing policy."""

from __future__ import annotations

from garrison.facts.accounts import (
    WEAK_SCHEMES,
    AccountsFacts,
    HashScheme,
    PasswdField,
    PasswordPolicyFacts,
    ShadowFacts,
)
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
from garrison.rules.accounts.common import field_at
from garrison.rules.registry import rule
from garrison.rules.wording import listing, nothing_to_check, plural, unique

G000 = "guide:000 password policies (minimum length 12)"
G002 = "guide:002 step 3 lock unused accounts"
MIN_LENGTH = 12
STRONG_METHODS = frozenset({"yescrypt", "gost_yescrypt", "sha512", "blowfish", "bcrypt"})


@rule(
    id="accounts.empty-password",
    title="No account with a login shell has an empty password",
    problem="An account with a login shell has an empty password",
    severity=Severity.HIGH,
    rationale="""An empty password field lets anyone log in as that account wherever PAM allows `nullok`,
        which Debian's common-auth does by default (console, su, and any service using that stack).""",
    remediation="passwd -l <account>   # lock it, or set a password: passwd <account>",
    references=(G002,),
)
def empty_password(accounts: AccountsFacts, shadow: ShadowFacts) -> Outcome:
    proof: list[Evidence] = []
    names: list[str] = []
    for user in accounts.users:
        if not user.login_shell:
            continue
        if user.passwd_field is PasswdField.EMPTY:
            proof.append(field_at(user, Dialect.PASSWD, "password", "empty password field", "x"))
            names.append(user.name)
            continue
        entry = shadow.entry(user.name) if user.passwd_field is PasswdField.SHADOWED else None
        if entry is not None and entry.scheme is HashScheme.EMPTY:
            proof.append(field_at(entry, Dialect.SHADOW, "password", "empty password", "a hash or !"))
            names.append(user.name)
    if names:
        return failed(
            f"{plural(len(names), 'account')} with a login shell and no password: {listing(names)}", *proof
        )
    checked = "/etc/passwd and /etc/shadow" if shadow.present else "/etc/passwd (no /etc/shadow)"
    return passed(f"no login account has an empty password ({checked})")


@rule(
    id="accounts.weak-password-hash",
    title="No usable password is stored with a weak hash",
    problem="A usable password is stored with a weak hash",
    severity=Severity.MEDIUM,
    rationale="""DES, MD5-crypt and similar legacy hashes fall to offline cracking in hours once /etc/shadow
        leaks (a backup, a misconfigured share). Passwords changed since the policy moved to yescrypt or
        SHA-512 are safe; old ones keep their weak hash until changed.""",
    remediation="passwd <account>   # re-hash with the current ENCRYPT_METHOD / pam_unix method",
)
def weak_password_hash(shadow: ShadowFacts) -> Outcome:
    if not shadow.present:
        return not_applicable("no /etc/shadow on this target")
    weak = [e for e in shadow.entries if e.scheme in WEAK_SCHEMES and not e.locked]
    if not weak and not any(e.usable_password for e in shadow.entries):
        return nothing_to_check("no account in /etc/shadow has a usable password")
    if not weak:
        return passed("every usable password hash uses a modern scheme")
    proof = [
        field_at(e, Dialect.SHADOW, "password", f"{e.name}: {e.scheme} (hash redacted)", "yescrypt")
        for e in weak
    ]
    listed = listing(f"{e.name} ({e.scheme})" for e in weak)
    return failed(f"{plural(len(weak), 'password')} hashed with a weak scheme: {listed}", *proof)


@rule(
    id="accounts.password-min-length",
    title="New passwords must be at least 12 characters",
    problem="New passwords may be shorter than 12 characters",
    severity=Severity.MEDIUM,
    rationale="""Length is what makes a password resist guessing. On Debian the PAM stack decides (login.defs
        PASS_MIN_LEN is ignored by PAM-enabled passwd): pam_unix alone accepts 6 characters and pam_pwquality
        8, both too short for the guides' minimum of 12.""",
    remediation="""apt install libpam-pwquality
# /etc/security/pwquality.conf
minlen = 12""",
    references=(G000, "guide:003 access control (16+ characters)"),
)
def password_min_length(policy: PasswordPolicyFacts) -> Outcome:
    choice = policy.min_length()
    length = int(choice.effective.value)
    where = choice.effective.location
    proof = choice.effective.cite(f">= {MIN_LENGTH}", wanted=Wanted(Relation.AT_LEAST, (str(MIN_LENGTH),)))
    ignored = policy.login_defs.get("PASS_MIN_LEN")
    note = f"; login.defs PASS_MIN_LEN {ignored.value} is not used by PAM" if ignored is not None else ""
    if length >= MIN_LENGTH:
        return passed(f"passwords need {length} characters ({choice.note}, {where}){note}", proof)
    return failed(
        f"passwords may be {length} characters ({choice.note}, {where}); expected at least {MIN_LENGTH}"
        + note,
        proof,
    )


@rule(
    id="accounts.password-hashing-method",
    title="New passwords are hashed with yescrypt or SHA-512",
    problem="New passwords are hashed with a weak method",
    severity=Severity.MEDIUM,
    rationale="""The hashing method decides how costly a leaked /etc/shadow is to crack. passwd(1) uses
        pam_unix's method option (else login.defs ENCRYPT_METHOD); chpasswd and newusers use ENCRYPT_METHOD,
        which defaults to DES when unset. Both should be yescrypt (Debian 12's default) or SHA-512.""",
    remediation="""# /etc/pam.d/common-password
password [success=1 default=ignore] pam_unix.so obscure yescrypt
# /etc/login.defs
ENCRYPT_METHOD YESCRYPT""",
)
def password_hashing_method(policy: PasswordPolicyFacts) -> Outcome:
    methods = [policy.pam_method(), policy.login_defs_method()]
    labels = ["passwd (PAM)", "chpasswd/newusers (login.defs)"]
    wanted = Wanted(Relation.ONE_OF, ("yescrypt", "sha512"))
    proof = [m.effective.cite("yescrypt or sha512", wanted=wanted) for m in methods]
    pairs = zip(labels, methods, strict=True)
    summary = "; ".join(
        f"{label}: {m.effective.value} ({m.note}, {m.effective.location})" for label, m in pairs
    )
    weak = [m for m in methods if m.effective.value not in STRONG_METHODS]
    if not weak:
        return passed(summary, *unique(proof))
    bad = [p for p, m in zip(proof, methods, strict=True) if m in weak]
    return failed(f"weak password hashing: {summary}", *unique(bad))
