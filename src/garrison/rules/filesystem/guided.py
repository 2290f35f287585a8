"""The file modes and owners the guides prescribe for named service directories (data in
garrison.facts.filesystem.guided)."""

from __future__ import annotations

from garrison.facts.accounts import AccountsFacts, OwnerNames
from garrison.facts.filesystem import GuidedPathsFacts
from garrison.model import Evidence, Outcome, Severity, failed, not_applicable, passed
from garrison.rules.expect import file_mode
from garrison.rules.registry import rule
from garrison.rules.wording import agree, listing, mode, nothing_to_check, permissions, plural


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
def guided_service_permissions(
    paths: GuidedPathsFacts, accounts: AccountsFacts, names: OwnerNames
) -> Outcome:
    """`accounts` keeps the rule to hosts whose account database is usable; `names` shows the owners."""
    if not paths.directories:
        return not_applicable("none of the guided service directories (/etc/siprec, /opt/proxdefend) exists")
    bad: list[Evidence] = []
    notes: list[str] = []
    for entry in paths.entries:
        st, want = entry.stat, entry.rule
        owner = names.user(st.uid)
        problems = []
        if st.mode & ~want.max_mode & 0o7777:
            problems.append(f"mode {mode(st.mode)}")
        if want.owner is not None and owner != want.owner:
            problems.append(f"owner {owner}")
        if problems:
            notes.append(f"{st.path} ({listing(problems)})")
            expected = f"{mode(want.max_mode)} or stricter" + (f", owner {want.owner}" if want.owner else "")
            key = "mode" if st.mode & ~want.max_mode & 0o7777 else "owner"
            bad.append(file_mode(st.path, permissions(st.mode, st.uid, st.gid, names), expected, key=key))
    checked = listing(paths.directories)
    if not bad:
        count = len(paths.entries)
        if not count:
            return nothing_to_check(f"no guided path exists under {checked}")
        have = agree(count, "has", "have")
        return passed(f"{plural(count, 'guided path')} under {checked} {have} the prescribed modes")
    count = len(bad)
    looser = f"{plural(count, 'path')} {agree(count, 'is', 'are')} looser than the guide prescribes"
    return failed(f"{looser}: {'; '.join(notes[:5])}", *bad[:25])
