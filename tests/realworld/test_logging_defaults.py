"""Debian 12's real logging, time and login-environment defaults, assembled as the postinsts do, and
weakened copies.

Unpacked: base-passwd, base-files, login, libpam-runtime, systemd and systemd-timesyncd (a fresh install),
and in the variants rsyslog, syslog-ng-core, chrony and ntpsec. As on a fresh install: base-passwd's
postinst copies passwd.master to /etc/passwd; base-files' copies profile, dot.profile and dot.bashrc to
/etc/profile, /root/.profile and /root/.bashrc; systemd's creates /var/log/journal ("persistent journal, in
auto-mode, by default"); pam-auth-update writes common-auth and common-session from the `unix` profile;
chrony's copies /usr/share/chrony/chrony.conf to /etc/chrony; deb-systemd-helper links each enabled unit
into the .wants directory of its [Install] WantedBy= target.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.facts.catalog import default_gatherers
from garrison.facts.logging.gather import gather_logging
from garrison.model import Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from realworld.debs import extract_packages

pytestmark = pytest.mark.realworld

BASE = ["base-passwd", "base-files", "login", "libpam-runtime", "systemd", "systemd-timesyncd"]
#: Debian 13: login.defs has its own package (and no UMASK line any more); journald's ForwardToSyslog=yes
#: comes from the drop-in /usr/lib/systemd/journald.conf.d/syslog.conf (upstream's compiled default is no)
BASE_TRIXIE = ["base-passwd", "base-files", "login.defs", "libpam-runtime", "systemd", "systemd-timesyncd"]
VARIANTS = ["rsyslog", "syslog-ng-core", "chrony", "ntpsec"]
RULES = (
    "logging.persistent-logs",
    "logging.remote-forwarding",
    "logging.time-sync",
    "accounts.pam-nullok",
    "accounts.default-umask",
    "accounts.root-path",
    "accounts.home-directory-modes",
    "accounts.root-mail-alias",
)


def _enable(root: Path, unit: str) -> None:
    for top in ("lib/systemd/system", "usr/lib/systemd/system"):
        path = root / top / unit
        if path.exists():
            wanted = re.search(r"^WantedBy=(\S+)", path.read_text(), re.M)
            assert wanted is not None
            links = root / "etc/systemd/system" / f"{wanted.group(1)}.wants"
            links.mkdir(parents=True, exist_ok=True)
            (links / unit).symlink_to(f"/{top}/{unit}")
            return
    raise AssertionError(f"no unit file {unit}")


def _pam_stack(root: Path, kind: str, first: str, tail: list[str]) -> None:
    profile = (root / "usr/share/pam-configs/unix").read_text()
    line = re.search(rf"^{kind}-Initial:\n\t(.+)$", profile, re.M)
    assert line is not None
    module = line.group(1).replace("success=end", "success=1")
    body = "".join(f"{kind.lower()}\t{x}\n" for x in [module, *tail])
    (root / f"etc/pam.d/common-{kind.lower()}").write_text(
        f'# here are the per-package modules ("{first}")\n{body}'
    )


def _postinst(root: Path) -> None:
    etc, share = root / "etc", root / "usr/share/base-files"
    master = (root / "usr/share/base-passwd/passwd.master").read_text().splitlines()
    (etc / "passwd").write_text("".join(re.sub(r"^([^:]*):\*:", r"\1:x:", u) + "\n" for u in master))
    shutil.copy(root / "usr/share/base-passwd/group.master", etc / "group")
    shutil.copy(share / "profile", etc / "profile")
    (root / "root").mkdir(mode=0o700, exist_ok=True)
    shutil.copy(share / "dot.profile", root / "root/.profile")
    shutil.copy(share / "dot.bashrc", root / "root/.bashrc")
    (root / "var/log/journal").mkdir(parents=True, exist_ok=True)
    _pam_stack(root, "Auth", "Primary", ["requisite\t\t\tpam_deny.so", "required\t\t\tpam_permit.so"])
    _pam_stack(root, "Session", "Primary", ["optional\tpam_systemd.so"])
    _enable(root, "systemd-timesyncd.service")


@pytest.fixture(scope="module")
def debian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    top = tmp_path_factory.mktemp("debian-logging")
    root = extract_packages(BASE, top / "root")
    _postinst(root)
    for name in VARIANTS:
        extract_packages([name], top / name)
    return top


@pytest.fixture(scope="module")
def trixie(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = extract_packages(BASE_TRIXIE, tmp_path_factory.mktemp("trixie-logging") / "root", suite="trixie")
    _postinst(root)
    return root


def _variant(debian: Path, tmp_path: Path, change: Callable[[Path], None], *packages: str) -> Path:
    root = tmp_path / "root"
    shutil.copytree(debian / "root", root, symlinks=True)
    for name in packages:
        shutil.copytree(debian / name, root, symlinks=True, dirs_exist_ok=True)
    change(root)
    return root


def _audit(root: Path) -> dict[str, tuple[Status, str]]:
    rules = [r for r in load_rules() if r.id in RULES]
    result = run_audit(RootDirTarget(str(root)), rules, gatherers=default_gatherers())
    return {f.rule_id: (f.status, f.message) for f in result.findings}


FRESH = {
    "logging.persistent-logs": Status.PASS,  # Storage=auto and /var/log/journal
    "logging.remote-forwarding": Status.FAIL,
    "logging.time-sync": Status.PASS,  # timesyncd, Debian's compiled-in FallbackNTP
    "accounts.pam-nullok": Status.FAIL,  # the unix profile's `pam_unix.so nullok`
    "accounts.default-umask": Status.FAIL,  # no pam_umask: the inherited 0022
    "accounts.root-path": Status.PASS,  # login.defs ENV_SUPATH, nothing in root's dot files
    "accounts.home-directory-modes": Status.PASS,  # /root 0700
    "accounts.root-mail-alias": Status.NOT_APPLICABLE,  # no MTA in a minimal install
}


def test_fresh_install(debian: Path) -> None:
    found = _audit(debian / "root")
    assert {k: found[k][0] for k in FRESH} == FRESH, found
    assert "0.debian.pool.ntp.org" in found["logging.time-sync"][1]
    assert "/etc/pam.d/common-auth:2" in found["accounts.pam-nullok"][1]


def test_fresh_install_debian13(trixie: Path) -> None:
    found = _audit(trixie)
    assert {k: found[k][0] for k in FRESH} == FRESH, found
    assert "the inherited 0022" in found["accounts.default-umask"][1]  # no UMASK in login.defs at all
    forward = gather_logging(RootDirTarget(str(trixie))).forward_to_syslog
    assert (forward.value, str(forward.location)) == ("yes", "/usr/lib/systemd/journald.conf.d/syslog.conf:5")


def _volatile(root: Path) -> None:
    (root / "var/log/journal").rmdir()


def test_rsyslog_keeps_a_volatile_journal_on_disk(debian: Path, tmp_path: Path) -> None:
    def change(root: Path) -> None:
        _volatile(root)
        _enable(root, "rsyslog.service")

    found = _audit(_variant(debian, tmp_path, change, "rsyslog"))
    assert found["logging.persistent-logs"][0] is Status.PASS, found["logging.persistent-logs"]
    assert "rsyslog writes /var/log/syslog" in found["logging.persistent-logs"][1]
    assert found["logging.remote-forwarding"][0] is Status.FAIL


def test_rsyslog_forwarding_dropin(debian: Path, tmp_path: Path) -> None:
    def change(root: Path) -> None:
        _enable(root, "rsyslog.service")
        (root / "etc/rsyslog.d").mkdir(exist_ok=True)
        (root / "etc/rsyslog.d/90-forward.conf").write_text(
            '*.* action(type="omfwd" target="logs.example.net" port="514" protocol="tcp")\n'
        )

    found = _audit(_variant(debian, tmp_path, change, "rsyslog"))
    assert found["logging.remote-forwarding"] == (
        Status.PASS,
        "logs are forwarded to tcp logs.example.net:514",
    )


def test_syslog_ng_default_config(debian: Path, tmp_path: Path) -> None:
    def change(root: Path) -> None:
        _volatile(root)
        _enable(root, "syslog-ng.service")

    found = _audit(_variant(debian, tmp_path, change, "syslog-ng-core"))
    assert found["logging.persistent-logs"][0] is Status.PASS, found["logging.persistent-logs"]
    assert found["logging.remote-forwarding"][0] is Status.FAIL  # d_net is commented out


def _chrony(root: Path) -> None:
    shutil.copy(root / "usr/share/chrony/chrony.conf", root / "etc/chrony/chrony.conf")
    (root / "etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service").unlink()
    _enable(root, "chrony.service")


def test_chrony_replaces_timesyncd(debian: Path, tmp_path: Path) -> None:
    found = _audit(_variant(debian, tmp_path, _chrony, "chrony"))
    assert found["logging.time-sync"] == (Status.PASS, "chrony is enabled with 2.debian.pool.ntp.org")


def test_chrony_without_its_pool(debian: Path, tmp_path: Path) -> None:
    def change(root: Path) -> None:
        _chrony(root)
        conf = root / "etc/chrony/chrony.conf"
        conf.write_text(conf.read_text().replace("pool 2.debian", "#pool 2.debian"))

    found = _audit(_variant(debian, tmp_path, change, "chrony"))
    assert found["logging.time-sync"][0] is Status.FAIL, found["logging.time-sync"]


def test_ntpsec_and_a_disabled_timesyncd(debian: Path, tmp_path: Path) -> None:
    def change(root: Path) -> None:
        (root / "etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service").unlink()

    found = _audit(_variant(debian, tmp_path, change))
    assert found["logging.time-sync"][0] is Status.FAIL
    assert "systemd-timesyncd.service disabled" in found["logging.time-sync"][1]
    found = _audit(
        _variant(debian, tmp_path / "ntpsec", lambda r: (change(r), _enable(r, "ntpsec.service")), "ntpsec")
    )
    assert found["logging.time-sync"][0] is Status.PASS, found["logging.time-sync"]
    assert "ntpsec is enabled with 0.debian.pool.ntp.org" in found["logging.time-sync"][1]


def test_weakened_login_environment(debian: Path, tmp_path: Path) -> None:
    def change(root: Path) -> None:
        with (root / "root/.bashrc").open("a") as bashrc:
            bashrc.write('export PATH="$PATH:."\n')
        (root / "etc/profile.d").mkdir(exist_ok=True)
        (root / "etc/profile.d/umask.sh").write_text("umask 027\n")
        (root / "root").chmod(0o755)

    found = _audit(_variant(debian, tmp_path, change))
    assert (
        found["accounts.root-path"][0] is Status.FAIL
        and "the relative entry ." in found["accounts.root-path"][1]
    )
    assert found["accounts.default-umask"] == (
        Status.PASS,
        "the default umask is 0027 (umask line in /etc/profile.d/umask.sh)",
    )
    assert found["accounts.home-directory-modes"][0] is Status.FAIL
