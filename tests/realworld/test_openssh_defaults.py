"""Real-world test: audit Debian 12's and Debian 13's own openssh-server/openssh-client files with the ssh
rules, and weakened copies of them.

`dpkg -x` unpacks the packages (Debian 13's through a private apt configuration); the maintainer script's
one file step is replayed (postinst installs /usr/share/openssh/sshd_config as /etc/ssh/sshd_config) and the
packages are recorded in the dpkg database, so the audit judges each tree as the OpenSSH it ships (9.2,
10.0). Host keys are generated at install time, so the host key rules have nothing to judge. The expected
verdicts are what each release's shipped config really gives.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from debs import extract_packages, record_installed

from garrison.engine import run_audit
from garrison.model import Finding, Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.realworld

EXPECTED = {
    "ssh.password-authentication": Status.FAIL,  # compiled default yes, Debian leaves it commented out
    "ssh.kbd-interactive-authentication": Status.PASS,  # Debian sets it to no
    "ssh.permit-root-login": Status.PASS,  # compiled default prohibit-password
    "ssh.permit-root-login-explicit": Status.FAIL,
    "ssh.x11-forwarding": Status.FAIL,  # Debian sets X11Forwarding yes
    "ssh.max-auth-tries": Status.FAIL,  # default 6
    "ssh.permit-empty-passwords": Status.PASS,
    "ssh.login-grace-time": Status.FAIL,  # default 120 s
    "ssh.allow-users-or-groups": Status.FAIL,
    "ssh.hostbased-authentication": Status.PASS,
    "ssh.ignore-rhosts": Status.PASS,
    "ssh.permit-user-environment": Status.PASS,
    "ssh.strict-modes": Status.PASS,
    "ssh.client-alive": Status.FAIL,  # ClientAliveInterval 0
    "ssh.log-level": Status.PASS,
    "ssh.gateway-ports": Status.PASS,
    "ssh.permit-tunnel": Status.PASS,
    "ssh.allow-agent-forwarding": Status.FAIL,
    "ssh.allow-tcp-forwarding": Status.FAIL,
    "ssh.max-sessions": Status.PASS,
    "ssh.max-startups": Status.FAIL,  # 10:30:100
    "ssh.required-rsa-size": Status.FAIL,  # 1024
    "ssh.pubkey-authentication": Status.PASS,
    "ssh.weak-kex": Status.PASS,
    "ssh.weak-ciphers": Status.PASS,
    "ssh.weak-macs": Status.PASS,
    "ssh.weak-host-key-algorithms": Status.PASS,
    "ssh.weak-pubkey-algorithms": Status.PASS,
    "ssh.dh-moduli-size": Status.FAIL,  # Debian's moduli still carries 2048-bit groups
    "ssh.host-key-strength": Status.NOT_APPLICABLE,  # keys are made by postinst
    "ssh.host-key-permissions": Status.NOT_APPLICABLE,
    "ssh.config-valid": Status.PASS,
    "ssh.unknown-keywords": Status.PASS,
    "ssh.include-missing": Status.PASS,  # /etc/ssh/sshd_config.d/*.conf may match nothing
}
#: Debian 13 ships the same choices; OpenSSH 10.0 offers no Diffie-Hellman group exchange by default, so
#: the moduli file's 2048-bit groups are never used.
EXPECTED_13 = EXPECTED | {"ssh.dh-moduli-size": Status.PASS}
PACKAGES = ["openssh-server", "openssh-client"]


def _installed(tmp_path_factory: pytest.TempPathFactory, suite: str | None) -> Path:
    root = extract_packages(
        PACKAGES, tmp_path_factory.mktemp(f"openssh-{suite or 'bookworm'}") / "root", suite
    )
    shutil.copyfile(root / "usr/share/openssh/sshd_config", root / "etc/ssh/sshd_config")
    record_installed(PACKAGES, root, suite)
    return root


@pytest.fixture(scope="module")
def debian_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _installed(tmp_path_factory, None)


@pytest.fixture(scope="module")
def trixie_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _installed(tmp_path_factory, "trixie")


def _findings(root: Path) -> dict[str, Finding]:
    rules = [r for r in load_rules() if r.id.startswith("ssh.")]
    return {f.rule_id: f for f in run_audit(RootDirTarget(str(root)), rules).findings}


def _audit(root: Path) -> dict[str, tuple[Status, list[str]]]:
    return {k: (f.status, [str(e.location) for e in f.evidence]) for k, f in _findings(root).items()}


def _line_of(root: Path, text: str) -> str:
    lines = (root / "etc/ssh/sshd_config").read_text().splitlines()
    return f"/etc/ssh/sshd_config:{next(n for n, line in enumerate(lines, 1) if line.startswith(text))}"


def _weakened(tmp_path: Path, root: Path, extra: str) -> Path:
    copy = tmp_path / "root"
    shutil.copytree(root, copy, symlinks=True)
    (copy / "etc/ssh/sshd_config.d").mkdir(exist_ok=True)
    (copy / "etc/ssh/sshd_config.d/50-legacy.conf").write_text(extra)
    return copy


def test_debian_shipped_defaults(debian_root: Path) -> None:
    found = _audit(debian_root)
    got = {rule_id: found[rule_id][0] for rule_id in EXPECTED}
    assert got == EXPECTED
    x11_line = next(
        n
        for n, line in enumerate((debian_root / "etc/ssh/sshd_config").read_text().splitlines(), 1)
        if line.startswith("X11Forwarding yes")
    )
    assert f"/etc/ssh/sshd_config:{x11_line}" in found["ssh.x11-forwarding"][1]
    # absent settings are cited at the shipped commented-out default line
    assert found["ssh.password-authentication"][1] == [_line_of(debian_root, "#PasswordAuthentication yes")]
    assert found["ssh.permit-root-login"][1] == [_line_of(debian_root, "#PermitRootLogin prohibit-password")]
    if os.geteuid() == 0:
        assert found["ssh.config-permissions"][0] == Status.PASS


def test_debian_13_shipped_defaults(trixie_root: Path) -> None:
    findings = _findings(trixie_root)
    assert {rule_id: findings[rule_id].status for rule_id in EXPECTED_13} == EXPECTED_13
    assert "judged as OpenSSH 10.0 (Debian 13)" in findings["ssh.config-valid"].message
    assert findings["ssh.weak-kex"].message.startswith("KexAlgorithms is mlkem768x25519-sha256,")
    x11 = [str(e.location) for e in findings["ssh.x11-forwarding"].evidence]
    assert x11 == [_line_of(trixie_root, "X11Forwarding yes")]
    absent = [str(e.location) for e in findings["ssh.password-authentication"].evidence]
    assert absent == [_line_of(trixie_root, "#PasswordAuthentication yes")]
    # `# Ciphers and keying` is prose, not a commented-out Ciphers line
    assert [str(e.location) for e in findings["ssh.weak-ciphers"].evidence] == ["/etc/ssh/sshd_config"]


def test_debian_13_weakened_copy(tmp_path: Path, trixie_root: Path) -> None:
    legacy = (
        "KexAlgorithms +diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha256\n"
        "PubkeyAcceptedAlgorithms +ssh-rsa\nHostKeyAlgorithms +ssh-dss\nPermitRootLogn yes\n"
    )
    found = _audit(_weakened(tmp_path, trixie_root, legacy))
    where = "/etc/ssh/sshd_config.d/50-legacy.conf"
    assert found["ssh.weak-kex"] == (Status.FAIL, [f"{where}:1"])
    assert found["ssh.dh-moduli-size"][0] is Status.FAIL  # group exchange is back, with 2048-bit groups
    assert found["ssh.weak-pubkey-algorithms"] == (Status.FAIL, [f"{where}:2"])
    assert found["ssh.weak-host-key-algorithms"] == (Status.ERROR, [f"{where}:3"])  # no DSA in 10.0
    assert found["ssh.permit-root-login"] == (Status.ERROR, [f"{where}:4"])  # misspelt: cannot be read
    assert found["ssh.unknown-keywords"] == (Status.FAIL, [f"{where}:4"])
    assert found["ssh.config-valid"] == (Status.ERROR, [f"{where}:3", f"{where}:4"])
    assert found["ssh.x11-forwarding"][0] is Status.FAIL  # the rest is still judged


def test_debian_13_config_on_debian_12(tmp_path: Path, debian_root: Path) -> None:
    """A name OpenSSH 9.2 does not know is an error of its line only; the same line passes on 10.0."""
    line = "KexAlgorithms mlkem768x25519-sha256,curve25519-sha256\n"
    on_12 = _audit(_weakened(tmp_path / "12", debian_root, line))
    assert on_12["ssh.config-valid"] == (Status.ERROR, ["/etc/ssh/sshd_config.d/50-legacy.conf:1"])
    assert on_12["ssh.weak-kex"][0] is Status.ERROR
    assert on_12["ssh.weak-ciphers"][0] is Status.PASS


def test_package_without_postinst_is_an_error(tmp_path: Path, debian_root: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(debian_root, root, symlinks=True)
    (root / "etc/ssh/sshd_config").unlink()
    found = _audit(root)
    assert found["ssh.password-authentication"] == (Status.ERROR, ["/etc/ssh/sshd_config"])
