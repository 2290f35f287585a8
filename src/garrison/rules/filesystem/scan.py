"""Filesystem rules over the bounded scan of system directories: world-writable entries, unowned files."""

from __future__ import annotations

from garrison.facts.accounts import AccountsFacts
from garrison.facts.filesystem import FileKind, FileScanFacts
from garrison.model import Evidence, Outcome, Severity, failed, passed, unknown
from garrison.rules.expect import file_mode
from garrison.rules.registry import rule
from garrison.rules.wording import listing, mode, plural

MAX_EVIDENCE = 25
STICKY = 0o1000


@rule(
    id="fs.world-writable-system-files",
    title="No system file or directory is writable by every user",
    problem="A system file or directory is writable by every user",
    severity=Severity.HIGH,
    rationale="""A world-writable file under /etc, /usr, /boot or /opt lets any local user (or a
        compromised service) change configuration or programs that root later reads or runs. Directories
        with the sticky bit (like /tmp) are excluded: there users can only replace their own files.""",
    remediation="chmod o-w <path> (or chmod +t for a shared directory that must stay writable)",
    references=("guide:001 file system",),
)
def world_writable_system_files(scan: FileScanFacts) -> Outcome:
    found = [e for e in scan.world_writable if not (e.kind == FileKind.DIR and e.mode & STICKY)]
    if not found:
        if not scan.gaps.complete:
            return unknown(
                f"no world-writable path in what was seen, but the scan is incomplete: {scan.gaps.describe()}"
            )
        return passed(f"no world-writable file or non-sticky directory in {scan.bound.describe()}")
    proof = [file_mode(e.path, f"{mode(e.mode)} ({e.kind})", "not writable by others") for e in found]
    shown = listing((f"{e.path} ({mode(e.mode)})" for e in found), limit=5)
    return failed(f"{plural(len(found), 'world-writable path')}: {shown}", *proof[:MAX_EVIDENCE])


@rule(
    id="fs.unowned-files",
    title="Every system file belongs to a known user and group",
    problem="A system file belongs to an unknown user or group",
    severity=Severity.MEDIUM,
    rationale="""Files left by a deleted account keep its numeric uid; the next account created with that
        uid silently owns them (`find / -xdev -nouser`).""",
    remediation="chown root:root <path> (or to the service account that should own it), or remove the file",
    references=("guide:002 step 3 users",),
)
def unowned_files(scan: FileScanFacts, accounts: AccountsFacts) -> Outcome:
    users = {u.uid for u in accounts.users}
    groups = {g.gid for g in accounts.groups}
    proof: list[Evidence] = []
    notes: list[str] = []
    for uid in sorted(set(scan.uid_samples) - users):
        notes.append(f"uid {uid}: {plural(scan.uid_counts[uid], 'path')}, e.g. {scan.uid_samples[uid][0]}")
        proof.extend(
            file_mode(p, f"uid {uid} (no such user)", "a known user", key="owner")
            for p in scan.uid_samples[uid]
        )
    for gid in sorted(set(scan.gid_samples) - groups):
        notes.append(f"gid {gid}: {plural(scan.gid_counts[gid], 'path')}, e.g. {scan.gid_samples[gid][0]}")
        proof.extend(
            file_mode(p, f"gid {gid} (no such group)", "a known group", key="owner")
            for p in scan.gid_samples[gid]
        )
    if not notes:
        if not scan.gaps.complete:
            return unknown(f"every owner seen is known, but the scan is incomplete: {scan.gaps.describe()}")
        return passed(f"every owner is a known account in {scan.bound.describe()}")
    return failed(f"files owned by unknown ids: {'; '.join(notes[:10])}", *proof[:MAX_EVIDENCE])
