"""sshd cryptography rules: the effective key exchange, cipher, MAC and host/user key algorithm lists,
and the Diffie-Hellman group sizes sshd may pick from its moduli file."""

from __future__ import annotations

from garrison.data.ssh import AlgorithmKind, failing
from garrison.facts.sshd import SshdFacts
from garrison.model import (
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Relation,
    Severity,
    Wanted,
    failed,
    not_applicable,
    passed,
)
from garrison.rules.expect import whole_file
from garrison.rules.registry import rule
from garrison.rules.ssh.common import judge, unreadable
from garrison.rules.wording import listing, nothing_to_check, plural


def _no_weak(sshd: SshdFacts, keyword: str, label: str, family: AlgorithmKind) -> Outcome:
    weak = failing(family, sshd.release.version)

    def ok(value: str) -> bool:
        return not weak.intersection(value.split(","))

    wanted = Wanted(Relation.NONE_OF, tuple(sorted(weak)))
    expected = f"none of {listing(sorted(weak))}"
    return judge(sshd, keyword, label, ok, expected, wanted=wanted)


@rule(
    id="ssh.weak-kex",
    title="SSH offers no weak key exchange",
    problem="SSH offers a weak key exchange",
    severity=Severity.MEDIUM,
    rationale="SHA-1 and 1024-bit Diffie-Hellman key exchanges are within reach of attackers and allow "
    "downgrade attacks.",
    remediation="KexAlgorithms -diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,"
    "diffie-hellman-group-exchange-sha1",
)
def weak_kex(sshd: SshdFacts) -> Outcome:
    return _no_weak(sshd, "kexalgorithms", "KexAlgorithms", AlgorithmKind.KEX)


@rule(
    id="ssh.weak-ciphers",
    title="SSH offers no CBC or 3DES ciphers",
    problem="SSH offers CBC or 3DES ciphers",
    severity=Severity.MEDIUM,
    rationale="CBC-mode ciphers in SSH leak plaintext to known attacks and 3DES has a 64-bit block.",
    remediation="Ciphers -*-cbc",
)
def weak_ciphers(sshd: SshdFacts) -> Outcome:
    return _no_weak(sshd, "ciphers", "Ciphers", AlgorithmKind.CIPHER)


@rule(
    id="ssh.weak-macs",
    title="SSH offers no MD5 or truncated MACs",
    problem="SSH offers MD5 or truncated MACs",
    severity=Severity.MEDIUM,
    rationale="MD5-based MACs and MACs truncated to 96 bits leave too little margin against forgery; "
    "OpenSSH no longer offers them by default.",
    remediation="MACs -hmac-md5*,hmac-sha1-96*",
)
def weak_macs(sshd: SshdFacts) -> Outcome:
    return _no_weak(sshd, "macs", "MACs", AlgorithmKind.MAC)


@rule(
    id="ssh.weak-host-key-algorithms",
    title="SSH host key signatures use no SHA-1 or DSA",
    problem="SSH host key signatures may use SHA-1 or DSA",
    severity=Severity.MEDIUM,
    rationale="ssh-rsa (RSA with SHA-1) and ssh-dss signatures can be forged with chosen-prefix "
    "collisions or are too short; OpenSSH disables them by default.",
    remediation="HostKeyAlgorithms -ssh-rsa*,ssh-dss*",
)
def weak_host_key_algorithms(sshd: SshdFacts) -> Outcome:
    return _no_weak(sshd, "hostkeyalgorithms", "HostKeyAlgorithms", AlgorithmKind.KEY)


@rule(
    id="ssh.weak-pubkey-algorithms",
    title="SSH accepts no SHA-1 or DSA user key signatures",
    problem="SSH accepts SHA-1 or DSA user key signatures",
    severity=Severity.MEDIUM,
    rationale="Accepting ssh-rsa (SHA-1) or DSA signatures from users re-opens forgery risks that OpenSSH "
    "closed by default.",
    remediation="PubkeyAcceptedAlgorithms -ssh-rsa*,ssh-dss*",
)
def weak_pubkey_algorithms(sshd: SshdFacts) -> Outcome:
    return _no_weak(sshd, "pubkeyacceptedalgorithms", "PubkeyAcceptedAlgorithms", AlgorithmKind.KEY)


@rule(
    id="ssh.dh-moduli-size",
    title="SSH Diffie-Hellman group exchange uses groups of 3072 bits or more",
    problem="SSH group exchange may pick Diffie-Hellman groups under 3072 bits",
    severity=Severity.LOW,
    rationale="Group exchange may pick any prime in the moduli file; 2048-bit groups are below the "
    "3072-bit strength the rest of the key exchange offers.",
    remediation="awk '$5 >= 3071' /etc/ssh/moduli > /etc/ssh/moduli.safe && mv /etc/ssh/moduli.safe "
    "/etc/ssh/moduli",
    references=("guide:003 DH parameters",),
)
def dh_moduli_size(sshd: SshdFacts) -> Outcome:
    broken = unreadable(sshd, "kexalgorithms", "KexAlgorithms")
    if broken is not None:
        return broken
    kex = sshd.get("kexalgorithms").value.split(",")
    if not any(name.startswith("diffie-hellman-group-exchange") for name in kex):
        return nothing_to_check("Diffie-Hellman group exchange is not offered")
    moduli = sshd.moduli
    if moduli is None:
        return not_applicable("the moduli file is absent: sshd falls back to fixed groups")
    small = [e for e in moduli.entries if e.bits < 3072]
    if small:
        first = small[0]
        return failed(
            f"{moduli.path} holds {plural(len(small), 'group')} under 3072 bits "
            f"(smallest {min(e.bits for e in small)})",
            # the file holds weak groups (role FILE), cited at the first one
            Evidence(
                Location(moduli.path, first.line),
                f"{first.bits}-bit group",
                "3072 bits or more",
                EvidenceRole.FILE,
            ),
        )
    return passed(f"every group in {moduli.path} has 3072 bits or more", whole_file(moduli.path, None))
