"""Differential test: Garrison's effective sshd settings, judged as OpenSSH 10.0 (Debian 13), against the real
`sshd -T` of Debian 13 run inside a debootstrapped trixie chroot (tests/chroots.py; skipped when not root or
when the chroot cannot be built).

Every case of the Debian 12 differential test runs again, plus cases for what 10.0 changed: ML-KEM key
exchange, keywords added after 9.2, DSA gone. Garrison reads the files through the chroot as its root, so
paths are the ones sshd sees inside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_sshd_effective import CASES, NOT_COMPARED, _connection, keyword_verdicts

from chroots import chroot_run, inside, scratch_dir, trixie_chroot
from garrison.data.ssh import AlgorithmKind, known
from garrison.data.ssh_releases import DEBIAN_13
from garrison.facts.sshd.defaults import defaults_for
from garrison.facts.sshd.dump import parse_sshd_t
from garrison.facts.sshd.effective import connection_settings, global_settings
from garrison.facts.sshd.gather import load_config_tree
from garrison.facts.sshd.keywords import keywords_for
from garrison.targets.rootdir import RootDirTarget

__all__ = ["trixie_chroot"]  # the session fixture, used by name

pytestmark = [pytest.mark.needs_sshd, pytest.mark.slow]

#: What OpenSSH 10.0 reads differently from 9.2: (main config, {file: text}, connection, sshd accepts it).
TRIXIE_CASES: dict[str, tuple[str, dict[str, str], str | None, bool]] = {
    "mlkem-explicit": ("KexAlgorithms mlkem768x25519-sha256,curve25519-sha256\n", {}, None, True),
    "kex-minus-pq": ("KexAlgorithms -mlkem*,sntrup*\n", {}, None, True),
    "kex-plus-ffdh": ("KexAlgorithms +diffie-hellman-group14-sha256\n", {}, None, True),
    "ciphers-caret-ctr": ("Ciphers ^aes256-ctr\n", {}, None, True),
    "dss-host-key-algorithm-refused": ("HostKeyAlgorithms +ssh-dss\n", {}, None, False),
    "dss-pubkey-refused": ("PubkeyAcceptedAlgorithms ssh-dss,ssh-ed25519\n", {}, None, False),
    "new-keywords": (
        "SshdSessionPath /usr/lib/openssh/sshd-session\nPAMServiceName sshd\nPerSourcePenaltyExemptList "
        "192.0.2.0/24\nChannelTimeout session=5m\n",
        {},
        None,
        True,
    ),
    "refuse-connection-in-match": (
        "Match User retired\n  RefuseConnection yes\n",
        {},
        "user=retired,host=h,addr=192.0.2.3",
        True,
    ),
    "misspelt-keyword": ("RefuseConection yes\n", {}, None, False),
    # since 9.5 a repeated Subsystem is skipped (first wins) and Subsystem is allowed after Match
    "subsystem-duplicate": ("Subsystem sftp internal-sftp\nSubsystem sftp /usr/lib/sftp\n", {}, None, True),
    "subsystem-in-match": (
        "Subsystem sftp /usr/lib/openssh/sftp-server\nMatch User x\n  Subsystem sftp internal-sftp\n",
        {},
        "user=x,host=h,addr=192.0.2.3",
        True,
    ),
}


#: Cases that depend on the chroot, not on sshd: minbase has no /etc/services (netbase), so `Port ssh` fails.
NOT_IN_MINBASE = {"port-service-name": "the minbase chroot has no /etc/services to resolve `ssh`"}


@pytest.fixture(scope="module")
def chroot_key(trixie_chroot: Path) -> tuple[Path, str]:
    """A scratch directory inside the chroot with an ed25519 host key; the key's path inside the chroot."""
    work = scratch_dir(trixie_chroot)
    (trixie_chroot / "run/sshd").mkdir(parents=True, exist_ok=True)
    key = inside(trixie_chroot, work / "hostkey")
    done = chroot_run(trixie_chroot, ["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
    assert done.returncode == 0, done.stderr
    return work, key


@pytest.mark.parametrize("name", sorted(CASES.keys() | TRIXIE_CASES.keys()))
def test_effective_matches_trixie_sshd(name: str, trixie_chroot: Path, chroot_key: tuple[Path, str]) -> None:
    if name in NOT_IN_MINBASE:
        pytest.skip(NOT_IN_MINBASE[name])
    main, extra, spec, accepted = TRIXIE_CASES.get(name) or CASES[name]
    work, key = chroot_key
    case = work / name
    d = inside(trixie_chroot, case)
    for rel, text in extra.items():
        path = case / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{d}", d))
    case.mkdir(parents=True, exist_ok=True)
    (case / "sshd_config").write_text(f"HostKey {key}\n" + main.replace("{d}", d))
    config = f"{d}/sshd_config"
    argv = ["/usr/sbin/sshd", "-T", "-f", config] + (["-C", spec] if spec else [])
    done = chroot_run(trixie_chroot, argv, timeout=30)

    tree, problems = load_config_tree(RootDirTarget(str(trixie_chroot)), config, DEBIAN_13)
    settings, _, refused = global_settings(tree, DEBIAN_13)
    issues = (*problems, *refused)
    if spec is not None and not issues:
        settings = connection_settings(tree, _connection(spec), DEBIAN_13)

    if not accepted:
        assert done.returncode != 0, f"Debian 13's sshd accepted {name}: fix the case"
        assert issues, f"Garrison accepted a config Debian 13's sshd refuses: {done.stderr.strip()}"
        return
    assert done.returncode == 0, done.stderr
    assert not issues, f"Garrison refused a config Debian 13's sshd accepts: {issues}"
    printed = parse_sshd_t(done.stdout)
    mismatches = {
        key: (setting.values, printed[key])
        for key, setting in settings.items()
        if key in printed and key not in NOT_COMPARED and setting.values != printed[key]
    }
    assert not mismatches
    compared = [k for k in settings if k in printed and k not in NOT_COMPARED]
    assert len(compared) >= 60


QUERIES = {
    "cipher": AlgorithmKind.CIPHER,
    "mac": AlgorithmKind.MAC,
    "kex": AlgorithmKind.KEX,
    "key-sig": AlgorithmKind.KEY,
    "sig": AlgorithmKind.SIG,
}
DEFAULT_LISTS = {
    "ciphers": AlgorithmKind.CIPHER,
    "macs": AlgorithmKind.MAC,
    "kexalgorithms": AlgorithmKind.KEX,
    "hostkeyalgorithms": AlgorithmKind.KEY,
    "pubkeyacceptedalgorithms": AlgorithmKind.KEY,
    "casignaturealgorithms": AlgorithmKind.SIG,
}


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_the_algorithm_table_knows_what_trixie_knows(query: str, trixie_chroot: Path) -> None:
    done = chroot_run(trixie_chroot, ["/usr/bin/ssh", "-Q", query])
    assert done.returncode == 0, done.stderr
    assert tuple(done.stdout.split()) == known(QUERIES[query], DEBIAN_13.version)


def test_trixie_compiled_defaults(trixie_chroot: Path, chroot_key: tuple[Path, str]) -> None:
    work, key = chroot_key
    (work / "defaults").write_text(f"HostKey {key}\n")
    done = chroot_run(trixie_chroot, ["/usr/sbin/sshd", "-T", "-f", inside(trixie_chroot, work / "defaults")])
    assert done.returncode == 0, done.stderr
    printed = parse_sshd_t(done.stdout)
    for keyword, kind in DEFAULT_LISTS.items():
        assert tuple(printed[keyword][0].split(",")) == DEBIAN_13.defaults[kind], keyword
    defaults = defaults_for(DEBIAN_13.version)
    assert {k: v for k, v in defaults.items() if k in printed and printed[k] != v} == {}
    assert {"sshdauthpath", "refuseconnection", "persourcepenalties"} <= set(defaults) & set(printed)


def test_the_keyword_table_is_what_trixie_accepts(trixie_chroot: Path, chroot_key: tuple[Path, str]) -> None:
    work, key = chroot_key

    def run(config: str) -> str:
        return chroot_run(
            trixie_chroot, ["/usr/sbin/sshd", "-T", "-f", inside(trixie_chroot, Path(config))]
        ).stderr

    found = keyword_verdicts(run, work, key)
    ours = keywords_for(DEBIAN_13.version)
    assert {name for name, ok in found.items() if ok != (name in ours)} == set()
