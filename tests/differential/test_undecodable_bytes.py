"""Differential: a byte that is not UTF-8 in a comment or a value is no error to sshd or nginx, so it is none
to Garrison either; the bytes are kept, judged, and reported as `\\xNN` (issue 7, class 2)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.engine import run_audit, select_rules
from garrison.model import Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from hostile import system_root
from reportkit import as_json_text

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else None)
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)

SSHD_CONFIG = b"# Caf\xe9 des admins: ne pas toucher\nPermitRootLogin yes\nBanner /etc/issue.caf\xe9\n"
NGINX_CONFIG = (
    b"# r\xe9glages du caf\xe9\nevents {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n"
    b'    server_name caf\xe9.example;\n    add_header X-Note "caf\xe9";\n    autoindex on;\n  }\n}\n'
)


def _audit(root: Path, only: str) -> list[tuple[str, Status, str]]:
    result = run_audit(RootDirTarget(str(root)), select_rules(load_rules(), [only]))
    report = json.loads(as_json_text(result).encode("utf-8"))  # encodable: the bytes became \xNN
    assert report["findings"]
    return [(f.rule_id, f.status, f.message) for f in result.findings]


@pytest.mark.needs_sshd
def test_sshd_accepts_latin1_and_so_does_garrison(tmp_path: Path) -> None:
    if SSHD is None:
        pytest.skip("needs sshd (openssh-server)")
    root = system_root(tmp_path / "root")
    config = root / "etc" / "ssh" / "sshd_config"
    config.parent.mkdir(parents=True)
    config.write_bytes(SSHD_CONFIG)
    done = subprocess.run([SSHD, "-T", "-f", str(config)], capture_output=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert b"banner /etc/issue.caf\xe9" in done.stdout  # sshd keeps the bytes as they are
    outcomes = _audit(root, "ssh.*")
    assert not [o for o in outcomes if o[1] is Status.ERROR]
    root_login = next(o for o in outcomes if o[0] == "ssh.permit-root-login")
    assert root_login[1] is Status.FAIL  # the setting after the Latin-1 comment is judged


@pytest.mark.needs_nginx
def test_nginx_accepts_latin1_and_so_does_garrison(tmp_path: Path) -> None:
    if NGINX is None:
        pytest.skip("needs nginx")
    root = system_root(tmp_path / "root")
    conf = root / "etc" / "nginx" / "nginx.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes(NGINX_CONFIG)
    (root / "logs").mkdir()
    done = subprocess.run(
        [NGINX, "-t", "-q", "-c", str(conf), "-p", str(root), "-g", "error_log /dev/null; pid /dev/null;"],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    outcomes = _audit(root, "nginx.*")
    assert not [o for o in outcomes if o[1] is Status.ERROR]
    autoindex = next(o for o in outcomes if o[0] == "nginx.autoindex-off")
    assert autoindex[1] is Status.FAIL
