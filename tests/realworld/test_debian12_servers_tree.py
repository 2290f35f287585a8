"""Real-world test: the whole audit of a debootstrapped Debian 12 tree with OpenSSH, nginx, Prosody and
PostgreSQL installed as Debian ships them (tests/chroots.py's BOOKWORM chroot, built once and cached).

What a fresh Debian 12 server with these packages really gives: every pack reads Debian's shipped configs
without an error, there is no firewall, and the weak shipped defaults fail where the guides ask for more.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from garrison.engine import AuditResult, run_audit
from garrison.model import Severity, Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

chroots = pytest.importorskip("chroots")

pytestmark = [pytest.mark.realworld, pytest.mark.slow]

#: Verdicts a pristine Debian 12 tree with these servers gets, with why.
EXPECTED = {
    "firewall.active": Status.FAIL,  # no iptables, nftables or ufw package, no rules
    "firewall.input-default-deny": Status.NOT_APPLICABLE,  # nothing to judge without a firewall
    "ssh.password-authentication": Status.FAIL,  # commented out in Debian's sshd_config: compiled yes
    "ssh.x11-forwarding": Status.FAIL,  # Debian's sshd_config sets X11Forwarding yes
    "ssh.permit-root-login": Status.PASS,  # compiled default prohibit-password
    "nginx.server-tokens-off": Status.FAIL,  # Debian's nginx.conf leaves `# server_tokens off;`
    "tls.self-signed-in-production": Status.FAIL,  # the snakeoil pair that postgresql uses
    "packages.unattended-upgrades-installed": Status.FAIL,  # not in minbase, not pulled in
}


@pytest.fixture(scope="module")
def audited(bookworm_chroot: Path) -> AuditResult:
    return run_audit(RootDirTarget(str(bookworm_chroot)), load_rules(), today=date(2026, 12, 2))


@pytest.fixture(scope="module")
def bookworm_chroot() -> Path:
    root: Path = chroots.chroot_or_skip(chroots.BOOKWORM)
    return root


def test_the_tree_is_debian12_with_the_servers(bookworm_chroot: Path) -> None:
    assert 'VERSION_ID="12"' in (bookworm_chroot / "etc/os-release").read_text()
    for path in ("etc/ssh/sshd_config", "etc/nginx/nginx.conf", "etc/prosody/prosody.cfg.lua"):
        assert (bookworm_chroot / path).is_file(), path
    assert (bookworm_chroot / "etc/postgresql/15/main/postgresql.conf").is_file()


def test_debian_configs_read_without_errors(audited: AuditResult) -> None:
    errors = {f.rule_id: f.message for f in audited.findings if f.status is Status.ERROR}
    assert errors == {}


def test_shipped_defaults_give_these_verdicts(audited: AuditResult) -> None:
    found = {f.rule_id: f for f in audited.findings}
    got = {rule_id: found[rule_id].status for rule_id in EXPECTED}
    assert got == EXPECTED
    assert found["firewall.active"].severity is Severity.HIGH


def test_every_service_pack_judges_something(audited: AuditResult) -> None:
    """Each installed server is found: its rules are decided (pass or fail), not all not_applicable."""
    for domain in ("ssh.", "nginx.", "prosody.", "postgresql.", "systemd.", "tls."):
        decided = [
            f
            for f in audited.findings
            if f.rule_id.startswith(domain) and f.status in (Status.PASS, Status.FAIL)
        ]
        assert len(decided) >= 3, domain
