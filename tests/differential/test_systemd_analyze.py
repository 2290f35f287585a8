"""Garrison's exposure score against systemd's own: `systemd-analyze security --offline=yes --root=<tmp>`.

Each unit is written into a temporary root and scored by both; they must agree within 0.2 (systemd's syscall
group contents are approximated by group overlaps, see garrison.facts.systemd.security_table). Run with -s to
see the agreement table. Needs systemd-analyze (Debian package systemd, 252).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.systemd.gather import find_fragment, load_unit
from garrison.facts.systemd.security import assess
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.needs_systemd_analyze

TOLERANCE = 0.2
CASES = Path(__file__).resolve().parent.parent / "cases"
HEAD = "[Service]\nExecStart=/usr/bin/true\n"

UNITS: dict[str, str] = {
    "bare.service": HEAD,
    "guide001.service": HEAD + "User=siprec\nGroup=siprec\nNoNewPrivileges=true\nPrivateTmp=true\n"
    "ProtectSystem=strict\nProtectHome=true\nReadWritePaths=/var/lib/siprec /var/log/siprec\n"
    "ProtectKernelTunables=true\nProtectKernelModules=true\nProtectControlGroups=true\nRestrictRealtime=true\n"
    "RestrictSUIDSGID=true\nLockPersonality=true\n",
    "dynamic.service": HEAD + "DynamicUser=yes\n",
    "tight.service": HEAD + "User=app\nCapabilityBoundingSet=\nAmbientCapabilities=\nPrivateDevices=yes\n"
    "PrivateNetwork=yes\nPrivateUsers=yes\nProtectClock=yes\nProtectKernelLogs=yes\nProtectHostname=yes\n"
    "ProtectProc=invisible\nProcSubset=pid\nRestrictNamespaces=yes\nRestrictAddressFamilies=AF_UNIX\n"
    "SystemCallArchitectures=native\nSystemCallFilter=@system-service\n"
    "SystemCallFilter=~@privileged @resources\n"
    "IPAddressDeny=any\nUMask=0077\nMemoryDenyWriteExecute=yes\nLockPersonality=yes\nNoNewPrivileges=yes\n"
    "ProtectSystem=strict\nProtectHome=yes\nPrivateTmp=yes\nPrivateMounts=yes\nProtectKernelTunables=yes\n"
    "ProtectKernelModules=yes\nProtectControlGroups=yes\nRestrictRealtime=yes\nRestrictSUIDSGID=yes\nRemoveIPC=yes\n",
    "web.service": HEAD + "User=www-data\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n"
    "AmbientCapabilities=CAP_NET_BIND_SERVICE\nRestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX\n"
    "RestrictNamespaces=~user net\nSystemCallFilter=~@mount @debug @reboot\nIPAddressDeny=any\n"
    "IPAddressAllow=localhost 10.0.0.0/8\nProtectHome=read-only\nProtectSystem=full\n",
    "early.service": "[Unit]\nDefaultDependencies=no\n" + HEAD + "PrivateTmp=yes\nProtectSystem=yes\n"
    "ProtectHome=tmpfs\nCapabilityBoundingSet=~CAP_SYS_ADMIN CAP_SYS_PTRACE\n"
    "RestrictAddressFamilies=~AF_PACKET AF_NETLINK\nSystemCallArchitectures=x86 x86-64\nUMask=0027\n",
    "nobody.service": HEAD + "User=nobody\nSupplementaryGroups=adm\nKeyringMode=shared\nNotifyAccess=all\n"
    "Delegate=yes\nDevicePolicy=closed\nDeviceAllow=/dev/sda r\nProtectProc=noaccess\n",
    "rootish.service": HEAD + "User=root\nPrivateDevices=yes\nProtectKernelModules=yes\n"
    "SystemCallFilter=@system-service\nRestrictNamespaces=net ipc\nRestrictNamespaces=uts\nUMask=0002\n",
    "dynamic-net.service": HEAD + "DynamicUser=yes\nProtectHome=tmpfs\nPrivateNetwork=yes\n"
    "SystemCallFilter=~@privileged\nRestrictAddressFamilies=none\n",
    "caps.service": HEAD + "User=svc\nCapabilityBoundingSet=CAP_CHOWN\nCapabilityBoundingSet=CAP_KILL\n"
    "CapabilityBoundingSet=~CAP_CHOWN\nRemoveIPC=yes\nDevicePolicy=strict\nPrivateUsers=yes\n"
    "IPAddressDeny=0.0.0.0/0 ::/0\n",
    "reset.service": HEAD + "User=svc\nProtectClock=yes\nNoNewPrivileges=yes\nProtectSystem=strict\n"
    "RestrictNamespaces=yes\nRestrictNamespaces=\nSystemCallFilter=@basic-io @file-system\n",
    "allow-privileged.service": HEAD + "User=svc\nSystemCallFilter=@privileged\nSystemCallFilter=~@clock\n",
    "dropped.service": HEAD,
    "continued.service": "[Service]\nExecStart=/usr/bin/true \\\n  --flag\nUser=svc\n"
    "NoNewPrivileges=\\\n  yes\n"
    "# comment\n; another\nProtectSystem=strict\n",
}

#: Drop-ins (path below the root -> text) applied to the units above; systemd reads them offline too.
DROPINS: dict[str, str] = {
    "etc/systemd/system/dropped.service.d/10-sandbox.conf": "[Service]\nNoNewPrivileges=yes\n"
    "ProtectSystem=strict\nPrivateTmp=yes\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n",
    "usr/lib/systemd/system/dropped.service.d/20-vendor.conf": "[Service]\nProtectSystem=full\nUser=svc\n",
    "run/systemd/system/dropped.service.d/10-sandbox.conf": "[Service]\nNoNewPrivileges=no\n",
    "etc/systemd/system/service.d/50-all.conf": "[Service]\nLockPersonality=yes\n",
    "etc/systemd/system/tmpl@.service": HEAD + "User=%i\nProtectSystem=full\n",
    "etc/systemd/system/tmpl@one.service.d/override.conf": "[Service]\nPrivateDevices=yes\nProtectHome=yes\n",
    "etc/systemd/system/tmpl@.service.d/all.conf": "[Service]\nRestrictRealtime=yes\n",
    "etc/systemd/system/tmpl-.service.d/none.conf": "[Service]\nPrivateNetwork=yes\n",
}
#: Units that exist only through a template (and its drop-ins) above.
INSTANCES = ("tmpl@one.service", "tmpl@two.service")


def _case_unit(rel: str) -> str:
    return (CASES / rel).read_text()


def systemd_score(root: Path, name: str) -> float:
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", f"--root={root}", "--no-pager", name],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    match = re.search(r"Overall exposure level for \S+: (\d+\.\d)", done.stdout)
    assert match, done.stdout + done.stderr
    return float(match.group(1))


def test_exposure_matches_systemd_analyze(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("needs systemd-analyze (Debian package systemd)")
    units = dict(UNITS)
    units["siprec.service"] = _case_unit(
        "systemd.exposure-score/pass-hardened/root/etc/systemd/system/siprec.service"
    )
    units["nginx.service"] = _case_unit(
        "systemd.exposure-score/fail-debian-nginx/root/lib/systemd/system/nginx.service"
    )
    root = tmp_path / "root"
    unit_dir = root / "etc/systemd/system"
    unit_dir.mkdir(parents=True)
    for name, text in units.items():
        (unit_dir / name).write_text(text)
    for rel, text in DROPINS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    target = RootDirTarget(str(root))
    rows = []
    for name in (*sorted(units), *INSTANCES):
        fragment = find_fragment(target, name)
        assert fragment is not None, name
        ours = assess(load_unit(target, name, fragment)).exposure
        theirs = systemd_score(root, name)
        rows.append((name, ours, theirs, round(abs(ours - theirs), 1)))
    exact = sum(1 for row in rows if row[3] == 0)
    worst = max(row[3] for row in rows)
    print(f"\nexposure agreement with systemd-analyze 252: {exact}/{len(rows)} exact, max difference {worst}")
    for name, ours, theirs, diff in rows:
        print(f"  {name:28} garrison {ours:4.1f}  systemd {theirs:4.1f}  diff {diff}")
    assert len(rows) >= 10
    assert worst <= TOLERANCE, rows
    assert exact >= len(rows) - 2, rows
