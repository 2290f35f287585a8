"""Unit tests for the APT sources, security lists, reboot and process-map facts and their rules' edges."""

from __future__ import annotations

import bz2
import gzip
import lzma
from pathlib import Path

import lz4.frame
import pytest

from garrison.facts.packages import RestartFacts
from garrison.facts.packages.dpkg import parse_dpkg_status
from garrison.facts.packages.hostgather import gather_apt_sources, gather_restarts, gather_security_index
from garrison.facts.packages.lists import (
    IndexUnreadable,
    decompress,
    newer,
    parse_packages_index,
    security_list,
)
from garrison.facts.packages.reboot import (
    installed_kernels,
    kernel_release,
    parse_build,
    parse_reboot_packages,
)
from garrison.facts.packages.restarts import parse_cgroup_unit, parse_maps
from garrison.facts.packages.sources import (
    apt_bool,
    parse_sources_deb822,
    parse_sources_list,
    sources_file_wanted,
)
from garrison.facts.store import FactError, LiveStateUnavailable
from garrison.model import Status
from garrison.rules.packages.restart import services_restarted
from garrison.targets.rootdir import RootDirTarget

ONE_LINE = """# main archive
deb [ arch=amd64,i386 signed-by=/usr/share/keyrings/d.gpg ] http://deb.debian.org/debian bookworm main contrib
deb-src http://deb.debian.org/debian bookworm main  # sources too
#deb http://security.debian.org/debian-security bookworm-security main
# a comment that is no entry
deb [trusted=yes] http://repo.example.org/debian ./
"""

DEB822 = """# Debian 13 writes this file
Types: deb deb-src
URIs: http://deb.debian.org/debian
Suites: trixie trixie-updates
Components: main
signed-by: -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NZJPR8lsD3K87ZM18gzyQZJD+w
 -----END PGP PUBLIC KEY BLOCK-----

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: trixie-security
Components: main
Enabled: no
Allow-Insecure: 1
"""


def test_one_line_entries_options_and_commented_out_entries() -> None:
    entries, issues = parse_sources_list(ONE_LINE, "/etc/apt/sources.list")
    assert issues == ()
    main, src, commented, local = entries
    assert main.options["arch"] == "amd64,i386" and main.components == ("main", "contrib")
    assert main.binary and not src.binary and src.types == ("deb-src",)
    assert not commented.enabled and commented.security_suites() == ("bookworm-security",)
    assert commented.location.line == 4
    assert local.flag("trusted") and local.suites == ("./",) and local.option_location("trusted").line == 6


def test_one_line_malformed_entries_are_issues() -> None:
    _, issues = parse_sources_list("deb [trusted=yes http://x bookworm\ndeb http://only-uri\n", "/s")
    assert [i.location.line for i in issues] == [1, 2]
    assert "without `]`" in issues[0].message


def test_deb822_stanzas_continuations_comments_and_field_lines() -> None:
    entries, issues = parse_sources_deb822(DEB822, "/etc/apt/sources.list.d/debian.sources")
    assert issues == ()
    first, security = entries
    assert first.types == ("deb", "deb-src") and first.location.line == 2
    assert first.options["signed-by"].startswith("-----BEGIN PGP") and "END PGP" in first.options["signed-by"]
    assert not security.enabled and security.security_suites() == ("trixie-security",)
    assert security.flag("allow-insecure") and security.option_location("allow-insecure").line == 16
    assert security.option_setting("allow-insecure").key == "Allow-Insecure"


def test_deb822_malformed_stanzas_are_issues() -> None:
    _, issues = parse_sources_deb822("Types: deb\nSuites: bookworm\n\nTypes deb\nURIs: http://x\n", "/s")
    assert [(i.location.line, i.message) for i in issues] == [
        (1, "malformed stanza: no URIs"),
        (4, "malformed stanza: not a `Field: value` line"),
    ]


def test_apt_booleans_and_file_names() -> None:
    assert [apt_bool(w) for w in ("yes", "True", "on", "enable", "2", "no", "0", "off", "maybe")] == [
        *[True] * 5,
        *[False] * 3,
        None,
    ]
    assert sources_file_wanted("debian.sources") and sources_file_wanted("docker.list")
    assert not any(sources_file_wanted(n) for n in ("docker.list.save", "x.list.disabled", "a b.list", "x"))


def test_old_style_security_suite() -> None:
    entries, _ = parse_sources_list("deb http://security.debian.org/ buster/updates main\n", "/s")
    assert entries[0].security_suites() == ("buster/updates",)
    entries, _ = parse_sources_list("deb http://deb.debian.org/debian buster-updates main\n", "/s")
    assert entries[0].security_suites() == ()


SEC = "deb.debian.org_debian-security_dists_bookworm-security_main"


@pytest.mark.parametrize(
    ("name", "suite", "compression"),
    [
        (f"{SEC}_binary-amd64_Packages.lz4", "bookworm-security", "lz4"),
        (
            "security.ubuntu.com_ubuntu_dists_jammy-security_universe_binary-amd64_Packages",
            "jammy-security",
            "",
        ),
        ("security.debian.org_dists_buster_updates_main_binary-amd64_Packages.gz", "buster/updates", "gz"),
        ("deb.debian.org_debian_dists_bookworm-updates_main_binary-amd64_Packages.lz4", None, None),
        (f"{SEC}_source_Sources.lz4", None, None),
        (f"{SEC}_binary-amd64_Packages.diff_Index", None, None),
    ],
)
def test_security_list_names(name: str, suite: str | None, compression: str | None) -> None:
    found = security_list(f"/var/lib/apt/lists/{name}")
    assert (found.suite, found.compression) == (suite, compression) if found else suite is None


INDEX = b"Package: openssl\nVersion: 3.0.15-1~deb12u1\n\nPackage: openssl\nVersion: 3.0.13-1~deb12u1\n\n"


@pytest.mark.parametrize(
    ("compression", "pack"),
    [("gz", gzip.compress), ("xz", lzma.compress), ("bz2", bz2.compress), ("lz4", lz4.frame.compress)],
)
def test_decompress_each_format_apt_keeps(compression: str, pack: object) -> None:
    packed = pack(INDEX)  # type: ignore[operator]
    assert decompress(packed, compression) == INDEX
    with pytest.raises(IndexUnreadable, match="truncated"):
        decompress(packed[: len(packed) // 2], compression)
    with pytest.raises(IndexUnreadable, match="larger than"):
        decompress(packed, compression, most=10)


def test_decompress_refuses_a_format_it_cannot_read() -> None:
    with pytest.raises(IndexUnreadable, match="no zst decoder"):
        decompress(b"\x28\xb5\x2f\xfd", "zst")


def test_packages_index_keeps_the_highest_version() -> None:
    found = parse_packages_index(INDEX.decode() + "Package: zlib1g\nVersion: 1:1.2.13.dfsg-1\n", "/l")
    assert found["openssl"].version == "3.0.15-1~deb12u1" and found["zlib1g"].version == "1:1.2.13.dfsg-1"


@pytest.mark.parametrize(
    ("version", "than", "expected"),
    [
        ("3.0.15-1~deb12u1", "3.0.11-1~deb12u2", True),
        ("1.0-1~deb12u1", "1.0-1", False),  # a tilde sorts before everything
        ("1:1.0", "2.0", True),  # the epoch first
        ("1.2.13.dfsg-1+deb12u1", "1:1.2.13.dfsg-1", False),
        ("2.36-9+deb12u7", "2.36-9+deb12u7", False),
        ("not a version!", "1.0", False),
    ],
)
def test_debian_version_ordering(version: str, than: str, expected: bool) -> None:
    assert newer(version, than) is expected


MAPS = """55d1c3a00000-55d1c3a2c000 r-xp 00000000 fd:01 1835093   /usr/sbin/nginx (deleted)
7f3b2e000000-7f3b2e0a0000 r-xp 00050000 fd:01 1837420   /usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)
7f3b2e0a0000-7f3b2e0b0000 r--p 00150000 fd:01 1837420   /usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)
7f3b2e100000-7f3b2e101000 r--p 00000000 fd:01 1837500   /usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3 (deleted)
7f3b2d600000-7f3b2d700000 rw-s 00000000 00:01 2048      /memfd:pulseaudio (deleted)
7f3b2d800000-7f3b2d900000 rw-s 00000000 00:19 77        /dev/shm/sem.worker (deleted)
7f3b2d900000-7f3b2da00000 r-xp 00000000 00:19 78        /tmp/jit code.so (deleted)
7f3b2da00000-7f3b2db00000 r--p 00000000 fd:01 1836001   /usr/lib/locale/locale-archive (deleted)
7f3b2db00000-7f3b2dc00000 r-xp 00000000 fd:01 1836002   /opt/my app/lib/libx.so (deleted)
7ffd1f5a0000-7ffd1f5c1000 rw-p 00000000 00:00 0         [stack]
"""


def test_maps_deleted_package_files_once() -> None:
    assert parse_maps(MAPS) == (
        "/usr/sbin/nginx",
        "/usr/lib/x86_64-linux-gnu/libssl.so.3",
        "/usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3",
        "/opt/my app/lib/libx.so",
    )


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("0::/system.slice/nginx.service\n", "nginx.service"),
        ("12:memory:/x.slice\n1:name=systemd:/system.slice/prosody.service\n0::/\n", "prosody.service"),
        ("0::/user.slice/user-1000.slice/session-3.scope\n", None),
        ("0::/\n", None),
    ],
)
def test_cgroup_unit(text: str, unit: str | None) -> None:
    assert parse_cgroup_unit(text) == unit


def test_running_build_and_kernel_packages() -> None:
    debian = "Linux version 6.1.0-18-amd64 (gcc-12 (Debian 12.2.0-14)) #1 SMP Debian 6.1.76-1 (2024-02)"
    assert parse_build(debian) == "6.1.76-1"
    assert parse_build("", "Ubuntu 5.15.0-91.101-generic 5.15.131", "5.15.0-91-generic") == "5.15.0-91.101"
    assert parse_build("Linux version 6.18.44 #1 SMP") is None
    assert kernel_release("linux-image-6.1.0-18-amd64") == "6.1.0-18-amd64"
    assert kernel_release("linux-image-unsigned-5.15.0-91-generic") == "5.15.0-91-generic"
    assert kernel_release("linux-image-amd64") is kernel_release("linux-image-6.1.0-18-amd64-dbg") is None
    assert parse_reboot_packages("libc6\nlinux-image-6.1.0-21-amd64\nlibc6\n") == (
        "libc6",
        "linux-image-6.1.0-21-amd64",
    )
    status = "".join(
        f"Package: {n}\nStatus: install ok installed\nVersion: {v}\n\n"
        for n, v in (("linux-image-6.1.0-21-amd64", "6.1.90-1"), ("linux-image-6.1.0-18-amd64", "6.1.76-1"))
    )
    facts, _ = parse_dpkg_status(status)
    assert [p.version for p in installed_kernels(facts)] == ["6.1.76-1", "6.1.90-1"]


def _root(tmp_path: Path, files: dict[str, bytes]) -> RootDirTarget:
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    return RootDirTarget(str(tmp_path))


def test_sources_in_apt_order_and_ignored_names(tmp_path: Path) -> None:
    target = _root(
        tmp_path,
        {
            "etc/apt/sources.list.d/b.sources": b"Types: deb\nURIs: http://b\nSuites: s\n",
            "etc/apt/sources.list.d/a.list": b"deb http://a s main\n",
            "etc/apt/sources.list.d/c.list.save": b"deb http://c s main\n",
        },
    )
    sources = gather_apt_sources(target)
    assert sources.files == ("/etc/apt/sources.list.d/a.list", "/etc/apt/sources.list.d/b.sources")
    assert [e.uris for e in sources.entries] == [("http://a",), ("http://b",)]


def test_security_index_merges_lists_and_names_a_corrupt_one(tmp_path: Path) -> None:
    lists = "var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_main_binary-"
    target = _root(
        tmp_path,
        {
            "etc/apt/sources.list": b"",
            f"{lists}amd64_Packages.lz4": lz4.frame.compress(b"Package: a\nVersion: 1.0-2\n"),
            f"{lists}i386_Packages": b"Package: a\nVersion: 1.0-3\n\nPackage: b\nVersion: 2\n",
        },
    )
    index = gather_security_index(target)
    assert index.suites == ("bookworm-security",) and index.candidates["a"].version == "1.0-3"
    (tmp_path / f"{lists}amd64_Packages.lz4").write_bytes(b"not lz4")
    with pytest.raises(FactError, match="cannot read the package list"):
        gather_security_index(target)


def test_restarts_need_a_live_host(tmp_path: Path) -> None:
    with pytest.raises(LiveStateUnavailable, match="only known on a live host"):
        gather_restarts(RootDirTarget(str(tmp_path)))


def test_unreadable_maps_are_unknown_without_root_and_said_with_it() -> None:
    outcome = services_restarted(RestartFacts(scanned=40, unreadable=3))
    assert outcome.status is Status.UNKNOWN and "3 processes could not be read" in outcome.message
    outcome = services_restarted(RestartFacts(scanned=40, unreadable=1, privileged=True))
    assert outcome.status is Status.PASS and "refused even to root" in outcome.message


def test_no_process_read_is_unknown() -> None:
    outcome = services_restarted(RestartFacts(scanned=0, privileged=True))
    assert outcome.status is Status.UNKNOWN and "no process's memory map" in outcome.message
