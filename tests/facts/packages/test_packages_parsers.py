"""Unit tests for the dpkg status, apt.conf and systemd enablement facts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from garrison.facts.packages.aptconf import AptConfig, apt_conf_file_wanted, parse_apt_conf
from garrison.facts.packages.dpkg import parse_dpkg_status, parse_showhold
from garrison.facts.packages.gather import gather_apt_config
from garrison.facts.packages.services import UnitState, gather_systemd_units, parse_list_unit_files
from garrison.targets.rootdir import RootDirTarget

STATUS = """Package: sudo
Status: install ok installed
Priority: optional
Version: 1.9.13p3-1+deb12u1
Description: Provide limited super user privileges
 Sudo is a program designed to allow a sysadmin to give limited root
 .
 privileges to users and log root activity.

Package: linux-image-amd64
Status: hold ok installed
Version: 6.1.153-1

Package: telnetd
Status: deinstall ok config-files
Version: 0.17+2.4-2

Package: libc6
Status: install ok installed
Architecture: i386
Version: 2.36-9

Package: libc6
Status: install ok installed
Architecture: amd64
Version: 2.36-9
"""


def test_dpkg_status() -> None:
    facts, issues = parse_dpkg_status(STATUS, "/var/lib/dpkg/status")
    assert not issues
    sudo = facts.installed("sudo")
    assert sudo is not None and sudo.version == "1.9.13p3-1+deb12u1" and sudo.location.line == 1
    assert facts.installed("telnetd") is None and "telnetd" in facts.packages
    assert [p.name for p in facts.held] == ["linux-image-amd64"]
    assert facts.installed("libc6") is not None


def test_dpkg_status_issues() -> None:
    _, issues = parse_dpkg_status("Package: x\nStatus: install ok\n\nnot a field\n", "/s")
    assert [i.location.line for i in issues] == [1, 4]


APT = """// APT::Periodic::Unattended-Upgrade "0";
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1"; # trailing comment
/* block
   APT::Periodic::Enable "0";
*/
Unattended-Upgrade::Origins-Pattern {
        "origin=Debian,codename=${distro_codename},label=Debian-Security";
};
APT { Periodic { Enable "1"; }; };
#clear APT::Periodic::Update-Package-Lists;
"""


def test_apt_conf_syntax() -> None:
    settings, issues = parse_apt_conf(APT, "/etc/apt/apt.conf.d/20auto-upgrades")
    assert not issues
    config = AptConfig(settings)
    found = config.get("apt::periodic::unattended-upgrade")
    assert found is not None and found.value == "1" and found.location.line == 3
    enable = config.get("APT::Periodic::Enable")
    assert enable is not None and enable.location.line == 10
    assert config.get("APT::Periodic::Update-Package-Lists") is None  # cleared
    assert config.get("Unattended-Upgrade::Origins-Pattern::") is not None


def test_apt_conf_errors() -> None:
    assert parse_apt_conf('APT::X "1"\n', "/f")[1]
    assert parse_apt_conf("};\n", "/f")[1]
    assert parse_apt_conf("A B C D;\n", "/f")[1]


def test_apt_conf_file_names() -> None:
    wanted = ["20auto-upgrades", "50unattended-upgrades", "99local.conf", "01autoremove"]
    ignored = ["x.bak", "x.dpkg-old", "x~", "a b", "x.conf.save", "x.list", "x.ucf-dist"]
    assert all(apt_conf_file_wanted(n) for n in wanted)
    assert not any(apt_conf_file_wanted(n) for n in ignored)


def test_gather_apt_config_order(tmp_path: Path) -> None:
    (tmp_path / "etc/apt/apt.conf.d").mkdir(parents=True)
    (tmp_path / "etc/apt/apt.conf.d/20auto-upgrades").write_text('APT::Periodic::Unattended-Upgrade "1";\n')
    (tmp_path / "etc/apt/apt.conf.d/99off").write_text('APT::Periodic::Unattended-Upgrade "0";\n')
    (tmp_path / "etc/apt/apt.conf").write_text('APT::Periodic::Unattended-Upgrade "2";\n')
    config = gather_apt_config(RootDirTarget(str(tmp_path)))
    found = config.get("APT::Periodic::Unattended-Upgrade")
    assert found is not None and (found.value, found.location.path) == ("2", "/etc/apt/apt.conf")


def test_list_unit_files() -> None:
    states, issues = parse_list_unit_files(
        "ssh.service enabled enabled\nrpcbind.socket masked -\n\ngarbage\n"
    )
    assert states == {"ssh.service": "enabled", "rpcbind.socket": "masked"}
    assert issues[0].location.line == 4


def test_units_from_files(tmp_path: Path) -> None:
    lib = tmp_path / "lib/systemd/system"
    etc = tmp_path / "etc/systemd/system"
    (etc / "multi-user.target.wants").mkdir(parents=True)
    lib.mkdir(parents=True)
    for name in ("a.service", "b.service", "c.service", "d.service"):
        (lib / name).write_text("[Service]\nExecStart=/bin/true\n")
    (etc / "multi-user.target.wants/a.service").symlink_to("/lib/systemd/system/a.service")
    (etc / "b.service").symlink_to("/dev/null")
    (etc / "d.service").write_text("")
    facts = gather_systemd_units(RootDirTarget(str(tmp_path)))
    states = {
        n: facts.status(n).state for n in ("a.service", "b.service", "c.service", "d.service", "e.service")
    }
    assert states == {
        "a.service": UnitState.ENABLED,
        "b.service": UnitState.MASKED,
        "c.service": UnitState.DISABLED,
        "d.service": UnitState.MASKED,
        "e.service": UnitState.ABSENT,
    }
    enabled = facts.status("a.service")
    assert enabled.location is not None and enabled.location.path.endswith(
        "multi-user.target.wants/a.service"
    )


def test_showhold_and_live_holds() -> None:
    assert parse_showhold("openssl\nlinux-image-amd64\n\nopenssl\n") == ("openssl", "linux-image-amd64")
    facts, _ = parse_dpkg_status(STATUS, "/var/lib/dpkg/status")
    merged = replace(facts, live_holds=("openssl", "linux-image-amd64"))
    assert [p.name for p in merged.held] == ["linux-image-amd64", "openssl"]
