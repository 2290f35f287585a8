"""RootDirTarget: confinement, symlinks, and every kind of unreadable file becoming a typed error."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from garrison.errors import (
    FileMissing,
    FileNotText,
    FileTooLarge,
    FileUnreadable,
    SymlinkProblem,
    TargetError,
)
from garrison.targets.base import Capability, CommandStatus, FileKind
from garrison.targets.rootdir import RootDirTarget


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "etc/ssh").mkdir(parents=True)
    (tmp_path / "etc/ssh/sshd_config").write_text("PermitRootLogin no\n")
    return tmp_path


def test_reads_text_and_metadata_as_seen_on_the_target(root: Path) -> None:
    target = RootDirTarget(str(root))
    assert target.read_text("/etc/ssh/sshd_config") == "PermitRootLogin no\n"
    st = target.stat("/etc/ssh/sshd_config")
    assert st is not None and st.path == "/etc/ssh/sshd_config" and st.kind is FileKind.FILE
    assert target.list_dir("/etc") == ("ssh",)
    assert target.glob("/etc/ss*/*_config") == ("/etc/ssh/sshd_config",)
    assert target.stat("/etc/nothing") is None
    assert not target.live and Capability.COMMANDS not in target.capabilities
    assert target.run(["sshd", "-T"]).status is CommandStatus.UNSUPPORTED


def test_absolute_symlink_resolves_inside_the_root(root: Path) -> None:
    outside = root.parent / "outside-secret"
    outside.write_text("host file")
    (root / "etc/link").symlink_to("/etc/ssh/sshd_config")
    (root / "etc/escape").symlink_to(str(outside))
    (root / "etc/dotdot").symlink_to("../../../../../../../etc/ssh/sshd_config")
    target = RootDirTarget(str(root))
    assert target.read_text("/etc/link") == "PermitRootLogin no\n"
    assert target.read_text("/etc/dotdot") == "PermitRootLogin no\n"
    with pytest.raises(FileMissing):
        target.read_text("/etc/escape")  # the link's target is looked up inside the root, where it is absent


def test_symlink_loop_is_a_clear_error(root: Path) -> None:
    (root / "etc/a").symlink_to("b")
    (root / "etc/b").symlink_to("a")
    target = RootDirTarget(str(root))
    with pytest.raises(SymlinkProblem, match="symbolic links"):
        target.read_text("/etc/a")
    assert target.stat("/etc/a") is None
    assert target.lstat("/etc/a") is not None


def test_binary_is_not_text_but_latin1_bytes_are_kept(root: Path) -> None:
    (root / "etc/bin").write_bytes(b"\x7fELF\x00\x01")
    (root / "etc/latin1").write_bytes(b"ok\nna\xefve\n")
    target = RootDirTarget(str(root))
    with pytest.raises(FileNotText, match="binary"):
        target.read_text("/etc/bin")
    text = target.read_text("/etc/latin1")  # read as the daemons read it: bytes, not an error
    assert text.splitlines()[0] == "ok"
    assert text.encode("utf-8", "surrogateescape") == b"ok\nna\xefve\n"


def test_huge_file_is_refused_without_reading_it(root: Path) -> None:
    huge = root / "etc/huge.conf"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(FileTooLarge, match="read limit"):
        RootDirTarget(str(root)).read_text("/etc/huge.conf")


def test_directories_and_fifos_are_not_files(root: Path) -> None:
    os.mkfifo(root / "etc/fifo")
    target = RootDirTarget(str(root))
    with pytest.raises(FileUnreadable, match="directory"):
        target.read_text("/etc/ssh")
    with pytest.raises(FileUnreadable, match="regular"):
        target.read_text("/etc/fifo")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to another user")
def test_permission_denied_is_a_clear_error() -> None:
    base = Path(tempfile.mkdtemp(prefix="garrison-perm-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)
        (base / "etc").mkdir(mode=0o755)
        secret = base / "etc/shadow"
        secret.write_text("root:x:1::::::\n")
        os.chmod(secret, 0o600)
        code = (
            "import os,sys\n"
            "from garrison.targets.rootdir import RootDirTarget\n"
            "from garrison.errors import FileUnreadable\n"
            "import garrison.targets.base\n"
            "os.setgid(65534); os.setuid(65534)\n"
            "try:\n RootDirTarget(sys.argv[1]).read_text('/etc/shadow')\n"
            "except FileUnreadable as e: print('UNREADABLE', e)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(base)], capture_output=True, text=True, check=False
        )
        assert "UNREADABLE /etc/shadow: permission denied" in done.stdout, done.stderr
    finally:
        subprocess.run(["rm", "-rf", str(base)], check=False)


def test_missing_root_is_a_target_error(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match="does not exist"):
        RootDirTarget(str(tmp_path / "nope"))
    (tmp_path / "file").write_text("")
    with pytest.raises(TargetError, match="not a directory"):
        RootDirTarget(str(tmp_path / "file"))


def test_walk_stays_below_top_and_does_not_follow_links(root: Path) -> None:
    (root / "etc/ssh/loop").symlink_to("/etc")
    paths = [s.path for s in RootDirTarget(str(root)).walk("/etc")]
    assert paths == ["/etc/ssh", "/etc/ssh/loop", "/etc/ssh/sshd_config"]


def test_identity_of_a_root(tmp_path: Path) -> None:
    root = tmp_path / "img"
    (root / "etc").mkdir(parents=True)
    (root / "etc" / "os-release").write_text(
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
    )
    (root / "etc" / "hostname").write_text("web01\n")
    (root / "etc" / "machine-id").write_text("0123456789abcdef0123456789abcdef\n")
    identity = RootDirTarget(str(root)).identity()
    assert (identity.hostname, identity.os_id, identity.os_version) == ("web01", "debian", "12")
    assert identity.os_name == "Debian GNU/Linux 12 (bookworm)" and identity.root == str(root)
    assert identity.key == "machine-id:0123456789abcdef0123456789abcdef"
    (root / "etc" / "machine-id").write_text("uninitialized\n")
    assert RootDirTarget(str(root)).identity().key == f"root:{root}"
