"""Installed versions: upstream numbers from Debian versions, banners, dpkg stanzas, live precedence."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.facts.versions import InstalledVersions, Program, VersionSource, upstream_numbers
from garrison.facts.versions.parse import parse_version_banner, parse_version_file
from garrison.targets.local import LocalTarget, find_program
from garrison.targets.rootdir import RootDirTarget


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1:9.2p1-2+deb12u3", (9, 2)),
        ("1:10.0p1-7", (10, 0)),
        ("252.39-1~deb12u2", (252, 39)),
        ("13.0.1-1", (13, 0, 1)),
        ("0.12.3-1+deb12u1", (0, 12, 3)),
        ("23.01-1", (23, 1)),
        ("", ()),
        ("garbage", ()),
    ],
)
def test_upstream_numbers(text: str, numbers: tuple[int, ...]) -> None:
    assert upstream_numbers(text) == numbers


def test_banners() -> None:
    assert parse_version_banner(Program.OPENSSH, "OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15") == "9.2p1"
    assert parse_version_banner(Program.NGINX, "nginx version: nginx/1.22.1\n") == "1.22.1"
    assert parse_version_banner(Program.SYSTEMD, "systemd 257 (257.9-1~deb13u1)\n+PAM") == "257.9-1~deb13u1"
    assert parse_version_banner(Program.SYSTEMD, "systemd 249\n") == "249"
    assert parse_version_banner(Program.NGINX, "command not found") is None


STATUS = """Package: openssh-server
Status: install ok installed
Architecture: amd64
Version: 1:10.0p1-7

Package: nginx-common
Status: deinstall ok config-files
Version: 1.22.1-9

Package: nginx
Status: install ok installed
Version: 1.26.3-3+deb13u1
"""


def test_dpkg_versions(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/os-release").write_text("ID=debian\n")
    (tmp_path / "var/lib/dpkg").mkdir(parents=True)
    (tmp_path / "var/lib/dpkg/status").write_text(STATUS)
    store = FactStore(RootDirTarget(str(tmp_path)), default_gatherers())
    versions = store.get(InstalledVersions)
    ssh = versions.get(Program.OPENSSH)
    assert ssh is not None and ssh.numbers == (10, 0) and ssh.source is VersionSource.DPKG
    assert str(ssh.location) == "/var/lib/dpkg/status:1"
    nginx = versions.get(Program.NGINX)  # nginx-common is only config-files: the installed `nginx` counts
    assert nginx is not None and nginx.numbers == (1, 26, 3) and nginx.at_least(1, 23, 4)
    assert versions.get(Program.PROSODY) is None


def test_no_dpkg_gives_no_versions(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/os-release").write_text("ID=alpine\n")
    store = FactStore(RootDirTarget(str(tmp_path)), default_gatherers())
    assert store.get(InstalledVersions).found == {}


NO_SSHD = find_program("sshd") is None or shutil.which("dpkg-query") is None


@pytest.mark.skipif(NO_SSHD, reason="needs sshd and dpkg-query")
def test_live_banner_matches_dpkg() -> None:
    """On this machine the running sshd's banner and its package agree on the upstream version."""
    versions = FactStore(LocalTarget(), default_gatherers()).get(InstalledVersions)
    ssh = versions.get(Program.OPENSSH)
    assert ssh is not None and ssh.source is VersionSource.LIVE
    dpkg = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "openssh-server"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert upstream_numbers(dpkg)[:2] == ssh.numbers[:2]


@given(st.text(), st.sampled_from(list(Program)))
def test_banner_and_version_parsers_never_raise(text: str, program: Program) -> None:
    found = parse_version_banner(program, text)
    assert found is None or found in text
    numbers = upstream_numbers(text)
    assert all(isinstance(n, int) and n >= 0 for n in numbers)


def test_absurd_numbers_are_no_version() -> None:
    assert upstream_numbers("9" * 5000) == ()
    assert upstream_numbers("1." + "9" * 5000) == (1,)  # the absurd component is left off
    assert parse_version_banner(Program.NGINX, "nginx/" + "1" * 5000) is not None  # text only, no int


@pytest.mark.parametrize(
    ("program", "text", "recorded"),
    [
        (Program.PROSODY, "0.12.3\n", ("0.12.3", 1)),
        (Program.PROSODY, "13.0.1", ("13.0.1", 1)),
        (Program.PROSODY, "trunk\n", None),  # a source checkout: no release number
        (Program.PROSODY, "0.12.3\nsomething else\n", None),
        (
            Program.EJABBERD,
            '{application,ejabberd,\n [{description,"ejabberd"},\n  {vsn,"23.01-1"},',
            ("23.01-1", 3),
        ),
        (Program.EJABBERD, '{application,ejabberd,[{vsn, "24.12"}]}.', ("24.12", 1)),
        (Program.EJABBERD, "{vsn,git}", None),
        (Program.NGINX, "1.22.1", None),  # no version file is known for nginx
    ],
)
def test_version_files(program: Program, text: str, recorded: tuple[str, int] | None) -> None:
    assert parse_version_file(program, text) == recorded


def test_version_file_beats_dpkg_and_an_unreadable_one_is_passed_over(tmp_path: Path) -> None:
    """A source install of Prosody 13 beside Debian's 0.12 package: the file the program reads counts; an
    unreadable ejabberd.app leaves the dpkg version."""
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/os-release").write_text("ID=debian\n")
    (tmp_path / "var/lib/dpkg").mkdir(parents=True)
    (tmp_path / "var/lib/dpkg/status").write_text(
        "Package: prosody\nStatus: install ok installed\nVersion: 0.12.3-1\n\n"
        "Package: ejabberd\nStatus: install ok installed\nVersion: 23.01-1\n"
    )
    (tmp_path / "usr/lib/prosody").mkdir(parents=True)
    (tmp_path / "usr/lib/prosody/prosody.version").write_text("13.0.2\n")
    app = tmp_path / "usr/lib/x86_64-linux-gnu/ejabberd-23.01-1/ebin/ejabberd.app"
    app.parent.mkdir(parents=True)
    app.write_bytes(b"\x00\xff binary")
    versions = FactStore(RootDirTarget(str(tmp_path)), default_gatherers()).get(InstalledVersions)
    prosody, ejabberd = versions.get(Program.PROSODY), versions.get(Program.EJABBERD)
    assert prosody is not None and prosody.numbers == (13, 0, 2) and prosody.source is VersionSource.FILE
    assert str(prosody.location) == "/usr/lib/prosody/prosody.version:1"
    assert ejabberd is not None and ejabberd.numbers == (23, 1) and ejabberd.source is VersionSource.DPKG


@given(st.text(), st.sampled_from(list(Program)))
def test_version_file_parser_never_raises(text: str, program: Program) -> None:
    found = parse_version_file(program, text)
    assert found is None or (found[0] in text and 1 <= found[1] <= text.count("\n") + 1)
