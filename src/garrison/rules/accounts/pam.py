"""Account rule on PAM: pam_unix never accepts an empty password (no `nullok`)."""

from __future__ import annotations

from garrison.facts.accounts import PamFacts, PamLine
from garrison.model import Dialect, Evidence, Outcome, Relation, Severity, Wanted, failed, passed
from garrison.rules.expect import Effective
from garrison.rules.registry import rule
from garrison.rules.wording import listing, nothing_to_check, plural

#: pam_unix(8): `nullok` lets an account with an empty password in; Debian's old `nullok_secure` did so on
#: the terminals listed in /etc/securetty.
NULLOK = ("nullok", "nullok_secure")
_SHOWN = 6


def _nullok(line: PamLine, services: tuple[str, ...]) -> Evidence:
    flag = next(arg for arg in line.args if arg in NULLOK)
    at = line.location
    used = f" (used by {listing((s.rsplit('/', 1)[-1] for s in services), limit=_SHOWN)})" if services else ""
    actual = f"{line.type} {line.control} {line.module} {flag}{used}"
    value = Effective.at(Dialect.PAM, at.path, f"pam_unix.so {flag}", actual, line=at.line)
    return value.cite(f"pam_unix.so without {flag}", wanted=Wanted(Relation.ABSENT))


@rule(
    id="accounts.pam-nullok",
    title="PAM never accepts an empty password",
    problem="pam_unix accepts empty passwords (nullok)",
    severity=Severity.LOW,
    rationale="""With `nullok`, pam_unix lets an account whose password field is empty log in with no
        password at all. Debian's common-auth ships with it, so a single account left without a password
        (a typo in a provisioning script, `passwd -d`) becomes an open door on every service using the
        stack. accounts.empty-password finds such accounts; this closes the door itself.""",
    remediation="""# /etc/pam.d/common-auth (and common-password)
auth [success=1 default=ignore] pam_unix.so   # nullok removed""",
    references=("guide:002 step 3 lock unused accounts",),
)
def pam_nullok(pam: PamFacts) -> Outcome:
    lines = pam.lines_of("pam_unix")
    if not lines:
        return nothing_to_check(f"no PAM file loads pam_unix ({plural(len(pam.files), 'file')} read)")
    found = [line for line in lines if any(arg in NULLOK for arg in line.args)]
    if not found:
        return passed(f"no pam_unix line of {plural(len(pam.files), 'PAM file')} allows empty passwords")
    proof = [_nullok(line, pam.includers(line.location.path)) for line in found]
    where = listing(str(line.location) for line in found)
    return failed(f"pam_unix allows empty passwords at {where}", *proof)
