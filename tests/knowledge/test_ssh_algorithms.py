"""The SSH algorithm table is consistent, pins today's verdicts, and matches the real OpenSSH 9.2 of Debian 12
(`ssh -Q`, `sshd -T`) where it is installed."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from garrison.data.ssh import (
    ALGORITHMS,
    DEFAULTS_9_2,
    OPENSSH_9_2,
    AlgorithmKind,
    OpenSshVersion,
    failing,
    host_key_problem,
    known,
    verdict,
)
from garrison.data.verdicts import Verdict

#: The verdicts the sshd rules have always given; a change here is a change of rule verdicts.
FAILING = {
    AlgorithmKind.CIPHER: {"3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc"},
    AlgorithmKind.MAC: {
        "hmac-md5", "hmac-md5-96", "hmac-sha1-96", "hmac-md5-etm@openssh.com", "hmac-md5-96-etm@openssh.com",
        "hmac-sha1-96-etm@openssh.com",
    },
    AlgorithmKind.KEX: {
        "diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1",
    },
    AlgorithmKind.KEY: {"ssh-dss", "ssh-dss-cert-v01@openssh.com", "ssh-rsa", "ssh-rsa-cert-v01@openssh.com"},
    AlgorithmKind.SIG: {"ssh-dss", "ssh-rsa"},
}  # fmt: skip


def test_names_are_unique_per_kind() -> None:
    pairs = [(a.kind, a.name) for a in ALGORITHMS]
    assert len(pairs) == len(set(pairs))
    assert all(a.kind is not AlgorithmKind.SIG for a in ALGORITHMS), "sig is derived from key"


def test_versions_are_ordered() -> None:
    for a in ALGORITHMS:
        assert a.removed is None or a.introduced < a.removed, a.name
        assert a.introduced <= OpenSshVersion(10, 0) or a.backport, f"{a.name}: after 10.0"
        assert (a.backport is None) is (a.backported_to is None), a.name
        assert a.reason and a.verdict in (Verdict.OK, Verdict.WEAK, Verdict.BROKEN), a.name
    assert OpenSshVersion.parse("10.0") > OPENSSH_9_2 > OpenSshVersion.parse("9.1.1")
    assert str(OpenSshVersion.parse("2.3.0")) == "2.3" and str(OpenSshVersion(1, 2, 2)) == "1.2.2"


def test_every_default_of_9_2_is_known_and_passes() -> None:
    for kind, names in DEFAULTS_9_2.items():
        assert set(names) <= set(known(kind)), kind
        assert not set(names) & failing(kind), f"{kind}: a default the table fails"
    assert set(DEFAULTS_9_2) == set(AlgorithmKind)


def test_verdicts_are_the_rules_verdicts() -> None:
    for kind, names in FAILING.items():
        assert failing(kind) == names, kind
    assert verdict(AlgorithmKind.KEY, "ssh-rsa") is Verdict.WEAK
    assert verdict(AlgorithmKind.SIG, "rsa-sha2-512") is Verdict.OK
    assert verdict(AlgorithmKind.KEX, "diffie-hellman-group1-sha1") is Verdict.BROKEN
    assert verdict(AlgorithmKind.CIPHER, "arcfour") is None  # not a 9.2 algorithm: unknown to the table


def test_signature_algorithms_are_the_plain_key_algorithms() -> None:
    keys = known(AlgorithmKind.KEY)
    sigs = known(AlgorithmKind.SIG)
    assert [n for n in keys if "-cert-v01@" not in n] == list(sigs)
    assert "ssh-dss" not in known(AlgorithmKind.KEY, OpenSshVersion(10, 0), debian=False)
    assert "sntrup761x25519-sha512" not in known(AlgorithmKind.KEX, OPENSSH_9_2, debian=False)


def test_host_key_files() -> None:
    assert host_key_problem("dsa", 1024) == "a DSA key"
    assert host_key_problem("rsa", 2048) == "RSA 2048 bits"
    assert host_key_problem("rsa", 3072) is None and host_key_problem("rsa", None) is None
    assert host_key_problem("ed25519", 256) is None and host_key_problem(None, None) is None


def _openssh_9_2() -> bool:
    if shutil.which("ssh") is None:
        return False
    done = subprocess.run(["ssh", "-V"], capture_output=True, text=True, check=False)
    return done.stderr.startswith("OpenSSH_9.2p1 Debian")


QUERIES = {"cipher": AlgorithmKind.CIPHER, "mac": AlgorithmKind.MAC, "kex": AlgorithmKind.KEX}
QUERIES |= {"key-sig": AlgorithmKind.KEY, "sig": AlgorithmKind.SIG}


@pytest.mark.parametrize("query", QUERIES)
def test_table_is_what_ssh_knows(query: str) -> None:
    if not _openssh_9_2():
        pytest.skip("needs Debian 12's ssh (openssh-client 1:9.2p1)")
    done = subprocess.run(["ssh", "-Q", query], capture_output=True, text=True, check=True)
    assert tuple(done.stdout.split()) == known(QUERIES[query])


KEYWORDS = {"ciphers": AlgorithmKind.CIPHER, "macs": AlgorithmKind.MAC, "kexalgorithms": AlgorithmKind.KEX}
KEYWORDS |= {"hostkeyalgorithms": AlgorithmKind.KEY, "casignaturealgorithms": AlgorithmKind.SIG}


def test_defaults_are_what_sshd_prints() -> None:
    sshd = shutil.which("sshd") or ("/usr/sbin/sshd" if shutil.which("/usr/sbin/sshd") else None)
    if sshd is None or not _openssh_9_2():
        pytest.skip("needs Debian 12's sshd (openssh-server 1:9.2p1)")
    done = subprocess.run([sshd, "-T", "-f", "/dev/null"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"sshd -T refused: {done.stderr[:200]}")
    printed = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    for keyword, kind in KEYWORDS.items():
        assert tuple(printed[keyword].split(",")) == DEFAULTS_9_2[kind], keyword
