"""Filesystem rules on private keys (found by their PEM header) and the directories that hold them."""

from __future__ import annotations

from garrison.facts.accounts import OwnerNames
from garrison.facts.filesystem import FileStat, PrivateKeyFile, SensitiveFilesFacts
from garrison.model import Evidence, Outcome, Severity, failed, not_applicable, passed, unknown
from garrison.rules.expect import file_mode
from garrison.rules.registry import rule
from garrison.rules.wording import agree, listing, mode, permissions, plural

MAX_EVIDENCE = 25
#: Debian's shared groups of human users (base-passwd `staff` 50, `users` 100) and the range of gids that
#: adduser gives to people (1000 and up): group-read for these exposes the key to people.
PEOPLE_GIDS = frozenset({50, 100})
FIRST_USER_GID = 1000
NO_KEYS = "no PEM private key found under /etc, /opt or /srv"


def key_problems(st: FileStat, names: OwnerNames) -> list[str]:
    """Why a key file's mode is unsafe. 0600/0400 are right; group-read (0640, Debian's root:ssl-cert
    convention) is accepted for a system group only."""
    found: list[str] = []
    if st.mode & 0o004:
        found.append("readable by every user")
    if st.mode & 0o002:
        found.append("writable by every user")
    if st.mode & 0o001 and not found:
        found.append("accessible by every user")
    if st.mode & 0o020:
        found.append("writable by its group")
    if st.mode & 0o040 and (st.gid in PEOPLE_GIDS or st.gid >= FIRST_USER_GID):
        found.append(
            f"readable by group {names.group_label(st.gid)}, a group of people rather than a service"
        )
    return found


@rule(
    id="fs.private-key-permissions",
    title="Private keys are readable only by their owner (or a service group)",
    problem="A private key file is open to other users",
    severity=Severity.HIGH,
    rationale="""A readable TLS or service private key lets a local user impersonate the server or decrypt
        recorded traffic. Keys should be 0600 or 0400; Debian's convention of 0640 with a system group such
        as ssl-cert is accepted, a world-readable key or one readable by a group of people is not.""",
    remediation="chmod 0600 <key> (or 0640 root:ssl-cert for keys shared with services)",
    references=("guide:001 file system (chmod 600 *.key)", "guide:003 agent hardening"),
)
def private_key_permissions(files: SensitiveFilesFacts, names: OwnerNames) -> Outcome:
    if not files.private_keys:
        return _nothing_found(files, NO_KEYS)
    bad: list[Evidence] = []
    notes: list[str] = []
    for key in files.private_keys:
        st = key.stat
        problems = key_problems(st, names)
        if problems:
            notes.append(f"{key.path} ({key.kind} key, mode {mode(st.mode)}: {listing(problems)})")
            bad.append(file_mode(key.path, permissions(st.mode, st.uid, st.gid, names), "0600"))
    if not bad:
        count = len(files.private_keys)
        if not files.key_scan_gaps.complete:
            return _incomplete(files, f"{plural(count, 'private key file')} seen, none exposed")
        return passed(f"{plural(count, 'private key file')}, none readable beyond its owner or service")
    count = len(bad)
    exposed = f"{plural(count, 'private key file')} {agree(count, 'is', 'are')} exposed"
    return failed(f"{exposed}: {'; '.join(notes[:5])}", *bad[:MAX_EVIDENCE])


def _nothing_found(files: SensitiveFilesFacts, absent: str) -> Outcome:
    """No key found: not applicable, unless the scan could not see everything (then the keys may be there)."""
    return not_applicable(absent) if files.key_scan_gaps.complete else _incomplete(files, "no key seen")


def _incomplete(files: SensitiveFilesFacts, seen: str) -> Outcome:
    return unknown(f"{seen}, but the key scan is incomplete: {files.key_scan_gaps.describe()}")


def _guarded(key: PrivateKeyFile) -> FileStat | None:
    """The nearest directory above the key that keeps group and others out (0700 or 0710), if any."""
    return next((d for d in key.directories if not d.mode & 0o067), None)


@rule(
    id="fs.private-key-dir-permissions",
    title="Directories holding private keys are closed to others",
    problem="A directory holding private keys is open to others",
    severity=Severity.LOW,
    rationale="""A key directory of 0700 (or 0710 for a service group, like Debian's /etc/ssl/private)
        keeps key names and any key later created with a loose mode away from other users.""",
    remediation="chmod 0700 <directory> (0710 root:ssl-cert for /etc/ssl/private)",
    references=("guide:001 file system (chmod 700 /etc/siprec)",),
)
def private_key_dir_permissions(files: SensitiveFilesFacts) -> Outcome:
    keys = [k for k in files.private_keys if k.directories]
    if not keys:
        return _nothing_found(files, NO_KEYS + " in a directory of its own")
    bad: dict[str, Evidence] = {}
    notes: dict[str, str] = {}
    for key in keys:
        if _guarded(key) is not None:
            continue
        parent = key.directories[0]
        notes[parent.path] = f"{parent.path} ({mode(parent.mode)}, holds {key.path.rsplit('/', 1)[1]})"
        bad[parent.path] = file_mode(parent.path, mode(parent.mode), "0700 or 0710")
    if not bad:
        if not files.key_scan_gaps.complete:
            return _incomplete(files, f"the directories of the {plural(len(keys), 'key')} seen are closed")
        return passed(f"the directories of {plural(len(keys), 'private key file')} are closed to others")
    return failed(
        f"key directories open to others: {'; '.join(list(notes.values())[:5])}", *list(bad.values())
    )
