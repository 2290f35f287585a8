"""Debian 12's real service units (nginx-common, openssh-server, prosody, postgresql-common), judged.

The packaged units carry no sandboxing at all (prosody's are commented out), so every sandbox rule fails on
them; prosody runs as its own user and postgresql@.service hands the server to the postgres user itself.
ssh.service is not an audited network service unit (sshd must start as root), and postgresql.service is a
oneshot wrapper, so neither is judged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.facts.systemd import SystemdFacts
from garrison.model import Finding
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from realworld.debs import extract_packages

pytestmark = pytest.mark.realworld

PACKAGES = ["nginx", "nginx-common", "openssh-server", "prosody", "postgresql-common"]


def audit(root: Path) -> dict[str, Finding]:
    rules = [r for r in load_rules() if r.domain == "systemd"]
    return {f.rule_id: f for f in run_audit(RootDirTarget(str(root)), rules).findings}


def test_debian_units(tmp_path: Path) -> None:
    root = extract_packages(PACKAGES, tmp_path / "root")
    facts = FactStore(RootDirTarget(str(root)), default_gatherers()).get(SystemdFacts)
    assert [u.name for u in facts.units] == ["nginx.service", "postgresql@.service", "prosody.service"]
    assert all(u.vendor and not u.issues for u in facts.units)
    findings = audit(root)
    failing = {rule for rule, f in findings.items() if f.status == "fail"}
    valid = "systemd.directives-valid"  # Debian's own units use only directives systemd 252 knows
    assert failing == {r.id for r in load_rules() if r.domain == "systemd"} - {
        "systemd.read-write-paths",
        valid,
    }
    assert findings[valid].status == "pass"
    who = findings["systemd.user-not-root"].message
    assert "nginx.service: runs as root" in who
    assert "prosody.service" not in who and "postgresql@.service" not in who
    exposure = findings["systemd.exposure-score"].message
    assert "nginx.service: exposure 9.6 UNSAFE" in exposure
    assert "prosody.service: exposure 9.2 UNSAFE" in exposure
    assert "postgresql@.service: exposure 9.6 UNSAFE" in exposure
    cited = {str(e.location) for e in findings["systemd.no-new-privileges"].evidence}
    assert "/lib/systemd/system/nginx.service" in cited


def test_weakened_and_partly_hardened_units(tmp_path: Path) -> None:
    root = extract_packages(PACKAGES, tmp_path / "root")
    prosody = root / "lib/systemd/system/prosody.service"
    prosody.write_text(prosody.read_text().replace("User=prosody", "User=root"))
    dropins = root / "etc/systemd/system"
    (dropins / "nginx.service.d").mkdir(parents=True)
    (dropins / "nginx.service.d/hardening.conf").write_text(
        "[Service]\nProtectSystem=strict\nReadWritePaths=/var/log/nginx /etc\nProtectHome=yes\n"
        "NoNewPrivileges=yes\nPrivateTmp=yes\nLimitNOFILE=65536\n"
    )
    findings = audit(root)
    failing = {rule for rule, f in findings.items() if f.status == "fail"}
    assert failing == {r.id for r in load_rules() if r.domain == "systemd"} - {"systemd.directives-valid"}
    assert "prosody.service: runs as root" in findings["systemd.user-not-root"].message
    cited = {str(e.location) for e in findings["systemd.read-write-paths"].evidence}
    assert cited == {"/etc/systemd/system/nginx.service.d/hardening.conf:3"}
    nnp = findings["systemd.no-new-privileges"].message
    assert "nginx.service" not in nnp and "prosody.service" in nnp


@pytest.mark.parametrize(("suite", "version"), [(None, 252), ("trixie", 257)])
def test_systemd_own_units_use_only_known_directives(tmp_path: Path, suite: str | None, version: int) -> None:
    """Every unit systemd itself ships (Debian 12's 252, Debian 13's 257) uses only directives the table
    gives that release: the table has no false "unknown directive" for real units."""
    from garrison.facts.systemd.directives import is_unknown
    from garrison.facts.systemd.unitfile import parse_unit_file

    root = extract_packages(["systemd"], tmp_path / "root", suite)
    units = [
        p for d in ("lib/systemd/system", "usr/lib/systemd/system") for p in (root / d).glob("*.service")
    ]
    assert len(units) > 20
    unknown = set()
    for path in units:
        for item in parse_unit_file(path.read_text(), str(path))[0]:
            if is_unknown(version, item.section, item.key):
                unknown.add((path.name, item.section, item.key))
    assert not unknown, sorted(unknown)


def test_debian13_units_audit(tmp_path: Path) -> None:
    """Debian 13's packaged units with its systemd (257) recorded as installed: no directive is unknown."""
    from realworld.debs import record_installed

    root = extract_packages(PACKAGES, tmp_path / "root", "trixie")
    record_installed(["systemd"], root, "trixie")
    findings = audit(root)
    assert findings["systemd.directives-valid"].status == "pass", findings["systemd.directives-valid"].message
    assert "systemd 257" in findings["systemd.directives-valid"].message
