"""fstab parser, mount option semantics, private-key detection and the bounded scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.filesystem import gather_file_scan, gather_sensitive_files, parse_fstab, private_key_kind
from garrison.facts.filesystem import scan as scan_module
from garrison.targets.rootdir import RootDirTarget

FSTAB = """# <file system> <mount point> <type> <options> <dump> <pass>
UUID=3f1c9d4e / ext4 errors=remount-ro 0 1
/dev/vda6 /var/log ext4 defaults,noexec,nosuid 0 2
/srv/my\\040share /mnt/with\\040space/ none bind
tmpfs /tmp tmpfs
/dev/sdz9 /broken
"""


def test_parse_fstab_fields_escapes_and_issues() -> None:
    entries, issues = parse_fstab(FSTAB, "/etc/fstab")
    assert [(e.source, e.mountpoint, e.fstype, e.location.line) for e in entries] == [
        ("UUID=3f1c9d4e", "/", "ext4", 2),
        ("/dev/vda6", "/var/log", "ext4", 3),
        ("/srv/my share", "/mnt/with space", "none", 4),
        ("tmpfs", "/tmp", "tmpfs", 5),  # libmount accepts three fields: no options
    ]
    assert entries[1].options == ("defaults", "noexec", "nosuid")
    assert entries[3].options == ()
    assert [i.location.line for i in issues] == [6]


@pytest.mark.parametrize(
    ("options", "exec_allowed", "suid_allowed"),
    [
        ("defaults", True, True),
        ("defaults,noexec", False, True),
        ("noexec,exec", True, True),
        ("user", False, False),
        ("user,exec", True, False),
        ("nosuid,defaults", True, True),
    ],
)
def test_mount_options_apply_left_to_right(options: str, exec_allowed: bool, suid_allowed: bool) -> None:
    (entry,), _ = parse_fstab(f"/dev/x /var/log ext4 {options} 0 0\n", "/etc/fstab")
    assert entry.allows("exec") is exec_allowed
    assert entry.allows("suid") is suid_allowed


def test_private_key_kind_by_header_only() -> None:
    assert private_key_kind(b"-----BEGIN PRIVATE KEY-----\nx\n") == "PKCS#8"
    assert private_key_kind(b"junk\n-----BEGIN RSA PRIVATE KEY-----\n") == "RSA"
    assert private_key_kind(b"-----BEGIN OPENSSH PRIVATE KEY-----") == "OPENSSH"
    assert private_key_kind(b"-----BEGIN ENCRYPTED PRIVATE KEY-----") == "ENCRYPTED"
    assert private_key_kind(b"-----BEGIN CERTIFICATE-----\n-----BEGIN PUBLIC KEY-----") is None


def test_scan_reports_its_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(10):
        (tmp_path / "etc" / f"d{n}").mkdir(parents=True)
    (tmp_path / "etc" / "d3" / "open").write_text("x")
    (tmp_path / "etc" / "d3" / "open").chmod(0o666)
    (tmp_path / "bin").symlink_to("usr/bin")
    facts = gather_file_scan(RootDirTarget(str(tmp_path)))
    assert facts.bound.roots == ("/etc",)
    assert not facts.bound.truncated
    assert [e.path for e in facts.world_writable] == ["/etc/d3/open"]
    monkeypatch.setattr(scan_module, "MAX_ENTRIES", 4)
    small = gather_file_scan(RootDirTarget(str(tmp_path)))
    assert small.bound.truncated and small.bound.scanned == 4
    assert "stopped at the 4-entry bound" in small.bound.describe()


def test_sensitive_files_skip_names_sudo_ignores(tmp_path: Path) -> None:
    (tmp_path / "etc/sudoers.d").mkdir(parents=True)
    for name in ("README", "deploy", "deploy.bak", "deploy~"):
        (tmp_path / "etc/sudoers.d" / name).write_text("# x\n")
    facts = gather_sensitive_files(RootDirTarget(str(tmp_path)))
    assert facts.sudoers_d == ("/etc/sudoers.d/README", "/etc/sudoers.d/deploy")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fstab_parser_never_raises(text: str) -> None:
    entries, _ = parse_fstab(text, "/etc/fstab")
    for entry in entries:
        entry.allows("exec")


_FRAGMENTS = ["/dev/x", " ", "\t", "/var/log", "\\040", "\\", "ext4", "noexec,", "user", "#", "\n", "0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join))
def test_fstab_parser_never_raises_on_fstab_shaped_text(text: str) -> None:
    parse_fstab(text, "/etc/fstab")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_private_key_kind_never_raises(data: bytes) -> None:
    private_key_kind(data)
