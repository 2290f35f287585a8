"""The file modes and owners the guides prescribe for named service directories (data in
garrison.facts.filesystem.guided)."""

from __future__ import annotations

from garrison.facts.accounts import AccountsFacts
from garrison.facts.filesystem.guided import GuidedPathsFacts
from garrison.model import Evidence, Outcome, Severity, evidence, failed, not_applicable, passed
from garrison.rules.registry import rule


@rule(
    id="fs.guided-service-permissions",
    title="Service directories have the modes and owners their guides prescribe",
    problem="A service path has a looser mode or another owner than its guide prescribes",
    severity=Severity.MEDIUM,
    rationale="""The deployment guides fix modes for their services' files: the SIPREC config directory
        0700 with keys 0600 and certificates 0644, all owned by the dedicated siprec user; the XDR agent's
        configuration 0600 and binaries 0700, owned by root. A looser mode exposes keys and settings to
        other local users, a wrong owner lets another account rewrite what the service trusts.""",
    remediation="chmod 700 /etc/siprec && chmod 600 /etc/siprec/*.key && chmod 644 /etc/siprec/*.crt\n"
    "chown -R siprec:siprec /etc/siprec\n"
    "chmod 600 /opt/proxdefend/config/* && chmod 700 /opt/proxdefend/bin/*\n"
    "chown -R root:root /opt/proxdefend",
    references=("guide:001 file system", "guide:003 agent hardening"),
)
def guided_service_permissions(paths: GuidedPathsFacts, accounts: AccountsFacts) -> Outcome:
    if not paths.directories:
        return not_applicable("none of the guided service directories (/etc/siprec, /opt/proxdefend) exists")
    bad: list[Evidence] = []
    notes: list[str] = []
    for entry in paths.entries:
        st, want = entry.stat, entry.rule
        user = accounts.user_by_uid(st.uid)
        owner = user.name if user is not None else f"uid {st.uid}"
        problems = []
        if st.mode & ~want.max_mode & 0o7777:
            problems.append(f"mode {st.mode:04o}")
        if want.owner is not None and owner != want.owner:
            problems.append(f"owner {owner}")
        if problems:
            notes.append(f"{st.path} ({', '.join(problems)})")
            expected = f"{want.max_mode:04o} or stricter" + (f", owner {want.owner}" if want.owner else "")
            bad.append(evidence(st.path, None, f"{st.mode:04o} {owner}", expected))
    checked = ", ".join(paths.directories)
    if not bad:
        return passed(f"{len(paths.entries)} guided path(s) under {checked} have the prescribed modes")
    return failed(f"{len(bad)} path(s) looser than their guide: {'; '.join(notes[:5])}", *bad[:25])
