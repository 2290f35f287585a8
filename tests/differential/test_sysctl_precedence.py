"""Differential: the sysctl.d(5) file precedence Garrison computes equals systemd 252's own.

`systemd-analyze cat-config sysctl.d --root=DIR` prints every file systemd-sysctl applies, in order, with
its content (a masked name prints as an empty file). Replaying those assignments (later wins) must give
exactly Garrison's effective settings for the same root. Debian's layout links 99-sysctl.conf to
/etc/sysctl.conf, which every scenario keeps, so procps's extra read of /etc/sysctl.conf changes nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.sysctl.gather import gather_sysctl
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.needs_systemd_analyze

#: path -> file content, or "-> TARGET" for a symlink. Every scenario also gets Debian's 99-sysctl.conf link.
SCENARIOS: dict[str, dict[str, str]] = {
    "vendor-only": {"usr/lib/sysctl.d/50-pid-max.conf": "kernel.pid_max = 4194304\n"},
    "etc-overrides-vendor-same-name": {
        "usr/lib/sysctl.d/50-a.conf": "net.ipv4.ip_forward = 1\n",
        "etc/sysctl.d/50-a.conf": "net.ipv4.ip_forward = 0\n",
    },
    "run-beats-usr-lib": {
        "usr/lib/sysctl.d/30-x.conf": "vm.swappiness = 60\n",
        "run/sysctl.d/30-x.conf": "vm.swappiness = 10\n",
    },
    "etc-beats-run": {
        "run/sysctl.d/30-x.conf": "vm.swappiness = 10\n",
        "etc/sysctl.d/30-x.conf": "vm.swappiness = 1\n",
    },
    "dev-null-mask": {
        "usr/lib/sysctl.d/10-default.conf": "kernel.sysrq = 16\n",
        "etc/sysctl.d/10-default.conf": "-> /dev/null",
    },
    "empty-file-mask": {
        "usr/lib/sysctl.d/10-default.conf": "kernel.sysrq = 16\n",
        "etc/sysctl.d/10-default.conf": "",
    },
    "lexical-order-across-dirs": {
        "usr/lib/sysctl.d/90-late.conf": "kernel.kptr_restrict = 1\n",
        "etc/sysctl.d/10-early.conf": "kernel.kptr_restrict = 2\n",
        "run/sysctl.d/50-mid.conf": "kernel.kptr_restrict = 0\n",
    },
    "sysctl-conf-last": {
        "etc/sysctl.conf": "net.ipv4.tcp_syncookies = 0\n",
        "etc/sysctl.d/98-x.conf": "net.ipv4.tcp_syncookies = 1\n",
    },
    "slash-and-dot-keys": {
        "etc/sysctl.d/10-a.conf": "net/ipv4/conf/all/rp_filter = 2\n",
        "etc/sysctl.d/20-b.conf": "net.ipv4.conf.all.rp_filter = 1\n",
    },
    "comments-blank-and-spacing": {
        "etc/sysctl.d/60-net.conf": "# c\n; also a comment\n\n   net.ipv4.conf.all.log_martians=1   \n"
        "kernel.randomize_va_space =    2\n",
    },
    "symlinked-file-in-etc": {
        "usr/share/hardening/net.conf": "net.ipv4.conf.all.accept_redirects = 0\n",
        "etc/sysctl.d/60-net.conf": "-> ../../usr/share/hardening/net.conf",
    },
    "dangling-link-takes-the-name": {  # systemd: "Failed to cat ...": nothing applied under 99-x.conf
        "usr/lib/sysctl.d/99-x.conf": "net.ipv4.ip_forward = 1\n",
        "etc/sysctl.d/99-x.conf": "-> /nonexistent/hardening.conf",
        "etc/sysctl.d/50-a.conf": "kernel.kptr_restrict = 1\n",
    },
    "non-conf-names-ignored": {
        "etc/sysctl.d/60-a.conf.dpkg-old": "fs.suid_dumpable = 2\n",
        "etc/sysctl.d/README": "fs.suid_dumpable = 2\n",
        "etc/sysctl.d/60-b.conf": "fs.suid_dumpable = 0\n",
    },
    "usr-local-lib-between": {
        "usr/lib/sysctl.d/40-a.conf": "kernel.dmesg_restrict = 0\n",
        "usr/local/lib/sysctl.d/40-a.conf": "kernel.dmesg_restrict = 1\n",
    },
    "many-files-later-wins": {
        **{f"etc/sysctl.d/{i:02d}-f.conf": f"vm.dirty_ratio = {i}\n" for i in range(10, 40, 3)},
        "usr/lib/sysctl.d/25-f.conf": "vm.dirty_ratio = 99\n",
    },
}


def build(root: Path, files: dict[str, str]) -> None:
    for rel, content in {"etc/sysctl.conf": "# empty\n", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content.startswith("-> "):
            os.symlink(content[3:], path)
        else:
            path.write_text(content)
    (root / "etc/sysctl.d").mkdir(parents=True, exist_ok=True)
    os.symlink("../sysctl.conf", root / "etc/sysctl.d/99-sysctl.conf")


def systemd_view(root: Path) -> dict[str, str]:
    done = subprocess.run(
        ["systemd-analyze", "cat-config", "sysctl.d", f"--root={root}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,  # a file it cannot cat is reported on stderr and skipped, with a failing status
        env={"PATH": os.environ["PATH"], "SYSTEMD_PAGER": ""},
    )
    assert done.returncode == 0 or "Failed to cat" in done.stderr, done.stderr
    effective: dict[str, str] = {}
    for line in done.stdout.splitlines():
        text = line.strip()
        if not text or text[0] in "#;" or "=" not in text:
            continue
        key, _, value = text.partition("=")
        effective[key.strip().lstrip("-").replace("/", ".")] = " ".join(value.split())
    return effective


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_precedence_matches_systemd(tmp_path: Path, name: str) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("needs systemd-analyze (Debian package systemd)")
    root = tmp_path / "root"
    build(root, SCENARIOS[name])
    facts = gather_sysctl(RootDirTarget(str(root)))
    garrison = {s.key.replace("/", "."): " ".join(s.value.split()) for s in facts.settings}
    assert garrison == systemd_view(root)
