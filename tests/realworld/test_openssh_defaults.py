"""Real-world test: audit Debian 12's own openssh-server/openssh-client files with the ssh rules.

`dpkg -x` unpacks the packages; the maintainer script's one file step is replayed (postinst installs
/usr/share/openssh/sshd_config as /etc/ssh/sshd_config). Host keys are generated at install time, so the
host key rules have nothing to judge. The expected verdicts are what Debian's shipped config really gives.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from debs import extract_packages

from garrison.engine import run_audit
from garrison.model import Status
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
}


@pytest.fixture(scope="module")
def debian_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = extract_packages(["openssh-server", "openssh-client"], tmp_path_factory.mktemp("openssh") / "root")
    shutil.copyfile(root / "usr/share/openssh/sshd_config", root / "etc/ssh/sshd_config")
    return root


def _audit(root: Path) -> dict[str, tuple[Status, list[str]]]:
    rules = [r for r in load_rules() if r.id.startswith("ssh.")]
    result = run_audit(RootDirTarget(str(root)), rules)
    return {f.rule_id: (f.status, [str(e.location) for e in f.evidence]) for f in result.findings}


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
    assert found["ssh.password-authentication"][1] == ["/etc/ssh/sshd_config"]
    if os.geteuid() == 0:
        assert found["ssh.config-permissions"][0] == Status.PASS


def test_package_without_postinst_is_an_error(tmp_path: Path, debian_root: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(debian_root, root, symlinks=True)
    (root / "etc/ssh/sshd_config").unlink()
    found = _audit(root)
    assert found["ssh.password-authentication"] == (Status.ERROR, ["/etc/ssh/sshd_config"])
