"""sshd host key rules: key algorithm and size, and the protection of the private key files."""

from __future__ import annotations

from garrison.data.ssh import RSA_MIN_BITS, host_key_problem
from garrison.facts.accounts import OwnerNames
from garrison.facts.sshd import SshdFacts
from garrison.model import Evidence, Outcome, Severity, failed, not_applicable, passed
from garrison.rules.expect import file_mode, whole_file
from garrison.rules.registry import rule
from garrison.rules.wording import agree, permissions, plural
from garrison.rules.wording import mode as mode_text

MIN_RSA_BITS = RSA_MIN_BITS


@rule(
    id="ssh.host-key-strength",
    title="SSH host keys are Ed25519, ECDSA or RSA of 3072 bits or more",
    problem="An SSH host key is DSA or RSA under 3072 bits",
    severity=Severity.HIGH,
    rationale="DSA host keys are limited to 1024 bits and SHA-1, and short RSA keys can be factored; a "
    "forged host key lets an attacker impersonate the server.",
    remediation="ssh-keygen -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key   (and drop the weak HostKey)",
    references=("guide:003 key sizes",),
)
def host_key_strength(sshd: SshdFacts) -> Outcome:
    present = [k for k in sshd.host_keys if k.exists]
    if not present:
        return not_applicable("no configured host key file exists yet (keys are generated on install)")
    bad: list[Evidence] = []
    notes: list[str] = []
    for key in present:
        problem = host_key_problem(key.kind, key.bits)
        if problem is None:
            continue
        notes.append(f"{key.path} is {problem}")
        actual = f"{key.kind} {key.bits} bits" if key.bits else f"{key.kind} key"
        bad.append(whole_file(key.path, actual, "ed25519, ecdsa or rsa>=3072"))
    if bad:
        return failed("; ".join(notes), *bad)
    kinds = ", ".join(f"{k.path} ({k.kind or 'unknown type'} {k.bits or '?'})" for k in present)
    return passed(f"host keys: {kinds}")


@rule(
    id="ssh.host-key-permissions",
    title="SSH private host keys are owned by root and readable by root only",
    problem="An SSH private host key is open to other users or not owned by root",
    severity=Severity.HIGH,
    rationale="Anyone who can read a private host key can impersonate this server to every client that "
    "trusts it.",
    remediation="chown root:root /etc/ssh/ssh_host_*_key && chmod 600 /etc/ssh/ssh_host_*_key",
)
def host_key_permissions(sshd: SshdFacts, names: OwnerNames) -> Outcome:
    present = [k for k in sshd.host_keys if k.exists and k.mode is not None]
    if not present:
        return not_applicable("no configured host key file exists yet (keys are generated on install)")
    bad = []
    for key in present:
        mode = key.mode or 0
        if mode & 0o077 or key.uid != 0:
            actual = permissions(mode, key.uid, key.gid, names) if key.uid is not None else mode_text(mode)
            bad.append(file_mode(key.path, actual, "0600 root", key="mode" if mode & 0o077 else "owner"))
    if bad:
        count = len(bad)
        return failed(
            f"{plural(count, 'private host key file')} {agree(count, 'is', 'are')} not root-only", *bad
        )
    count = len(present)
    return passed(f"{plural(count, 'private host key file')} {agree(count, 'is', 'are')} root-only")
