"""Nothing is dropped in silence (issue 7, class 4): a dangling include-glob member, a directory the auditing
user cannot read, a scan that stopped at its bound each give `error` or `unknown` naming the path or the
bound — never `pass` or `not_applicable`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import garrison.facts.filesystem.scan as scan_module
from garrison.engine import run_audit, select_rules
from garrison.model import Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from hostile import can_run_unprivileged, run_unprivileged, system_root, world_writable, write

SERVICES = Path(__file__).resolve().parent.parent / "reports" / "services" / "root"


def _outcomes(root: Path, only: str) -> dict[str, tuple[Status, str]]:
    result = run_audit(RootDirTarget(str(root)), select_rules(load_rules(), only.split(",")))
    return {f.rule_id: (f.status, f.message) for f in result.findings}


def test_nginx_dangling_glob_member_is_an_error(tmp_path: Path) -> None:
    root = system_root(tmp_path / "root")
    write(root, "etc/nginx/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n")
    write(root, "etc/nginx/conf.d/20-site.conf", "server { listen 127.0.0.1:8080; autoindex on; }\n")
    os.symlink("/nonexistent/10-removed.conf", root / "etc/nginx/conf.d/10-removed.conf")
    found = _outcomes(root, "nginx.*")
    status, message = found["nginx.config-valid"]
    assert status is Status.ERROR
    assert "/etc/nginx/conf.d/10-removed.conf" in message
    status, message = found["nginx.autoindex-off"]  # the rest is judged, and says from what
    assert status is Status.FAIL and "nginx would refuse (/etc/nginx/nginx.conf:3)" in message
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if os.path.exists(nginx):  # nginx refuses the same tree
        (root / "logs").mkdir()
        done = subprocess.run(
            [
                nginx,
                "-t",
                "-q",
                "-c",
                str(root / "etc/nginx/nginx.conf"),
                "-p",
                str(root),
                "-g",
                "pid /dev/null;",
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert done.returncode != 0 and "10-removed.conf" in done.stderr


def test_nftables_dangling_glob_member_is_an_error(tmp_path: Path) -> None:
    root = system_root(tmp_path / "root")
    write(root, "etc/nftables.conf", 'flush ruleset\ninclude "/etc/nftables.d/*.nft"\n')
    write(root, "etc/nftables.d/10-ok.nft", "table inet filter {\n  chain input {\n  }\n}\n")
    os.symlink("/nonexistent/gone.nft", root / "etc/nftables.d/20-gone.nft")
    status, message = _outcomes(root, "firewall.active")["firewall.active"]
    assert status is Status.ERROR, message
    assert "/etc/nftables.d/20-gone.nft" in message
    nft = shutil.which("nft") or "/usr/sbin/nft"
    if os.path.exists(nft) and os.geteuid() == 0:  # nft refuses the same include (paths made real)
        conf = tmp_path / "check.nft"
        conf.write_text(f'include "{root}/etc/nftables.d/*.nft"\n')
        done = subprocess.run([nft, "-c", "-f", str(conf)], capture_output=True, text=True, timeout=30)
        assert done.returncode != 0 and "20-gone.nft" in done.stderr


def test_world_writable_scan_at_its_bound_is_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = system_root(tmp_path / "root")
    for number in range(30):
        write(root, f"usr/share/doc/pkg{number}/README", "text\n")
    monkeypatch.setattr(scan_module, "MAX_ENTRIES", 12)
    outcomes = _outcomes(root, "fs.world-writable-system-files,fs.unowned-files")
    for rule_id in ("fs.world-writable-system-files", "fs.unowned-files"):
        status, message = outcomes[rule_id]
        assert status is Status.UNKNOWN, message
        assert "the 12-entry bound" in message
    world_writable(root / "etc", "planted")  # found before the bound: still a failure
    status, _ = _outcomes(root, "fs.world-writable-system-files")["fs.world-writable-system-files"]
    assert status is Status.FAIL


needs_unprivileged = pytest.mark.skipif(
    not can_run_unprivileged(), reason="needs setpriv to drop root's DAC bypass"
)


LOCKED = ("etc/ejabberd", "etc/nginx/conf.d")
LOCKED_SYSTEM = ("etc/ssl/private", "usr/lib/locked")


@pytest.fixture
def locked_roots(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """Directories a non-root audit cannot read, as on a real host where ejabberd's config dir is 0750
    ejabberd:ejabberd: the services host with its ejabberd config dir and an nginx include dir locked, and a
    minimal host with a key dir and a system dir locked."""
    services = tmp_path / "services"
    shutil.copytree(SERVICES, services, symlinks=True)
    write(services, "etc/nginx/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n")
    write(services, "etc/nginx/conf.d/site.conf", "server {\n    listen 80;\n    autoindex on;\n}\n")
    minimal = system_root(tmp_path / "minimal")
    write(
        minimal, "etc/ssl/private/site.key", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"
    )
    write(minimal, "usr/lib/locked/file", "x\n")
    locked = [services / p for p in LOCKED] + [minimal / p for p in LOCKED_SYSTEM]
    for directory in locked:
        directory.chmod(0)
    tmp_path.chmod(0o755)
    yield services, minimal
    for directory in locked:
        directory.chmod(0o755)


@needs_unprivileged
def test_unreadable_directories_in_a_non_root_run(locked_roots: tuple[Path, Path]) -> None:
    services, minimal = locked_roots
    done = run_unprivileged("audit", "--root", str(services), "--format", "json")
    assert done.returncode in (1, 3), done.stderr
    findings = {f["rule_id"]: f for f in json.loads(done.stdout)["findings"]}
    ejabberd = [f for rule_id, f in findings.items() if rule_id.startswith("ejabberd.")]
    assert ejabberd and all(f["status"] == "error" and "/etc/ejabberd" in f["message"] for f in ejabberd)
    nginx = [f for rule_id, f in findings.items() if rule_id.startswith("nginx.")]
    assert nginx and all(f["status"] == "error" and "/etc/nginx/conf.d" in f["message"] for f in nginx)
    text = run_unprivileged("audit", "--root", str(services)).stdout.decode()
    assert "incomplete:" in text.splitlines()[2]
    only = "fs.world-writable-system-files,fs.private-key-permissions,fs.unowned-files"
    done = run_unprivileged("audit", "--root", str(minimal), "--only", only, "--format", "json")
    assert done.returncode == 3, done.stderr
    findings = {f["rule_id"]: f for f in json.loads(done.stdout)["findings"]}
    for rule_id in only.split(","):
        assert findings[rule_id]["status"] == "unknown", findings[rule_id]
        assert "incomplete" in findings[rule_id]["message"]
    assert "/usr/lib/locked" in findings["fs.world-writable-system-files"]["message"]
    assert "/etc/ssl/private" in findings["fs.private-key-permissions"]["message"]


@pytest.mark.parametrize(
    ("relative", "rule_id"),
    [
        ("etc/default/grub", "kernel.apparmor-enabled"),
        ("etc/fstab", "fs.temp-mount-nosuid"),
        ("etc/modprobe.d/blacklist.conf", "kernel.uncommon-net-protocols-disabled"),
    ],
)
def test_an_unreadable_file_is_not_read_as_absent(tmp_path: Path, relative: str, rule_id: str) -> None:
    """A binary (or unreadable, or huge) boot or module file is an error at that file, not a file that is not
    there: reading it as absent would judge the defaults instead of what the host has."""
    root = system_root(tmp_path / "root")
    write(root, relative, b"GRUB_CMDLINE_LINUX=\x00\x01\x02apparmor=0\n")
    status, message = _outcomes(root, rule_id)[rule_id]
    assert status is Status.ERROR, message
    assert "/" + relative in message
