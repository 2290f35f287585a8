"""Include resolution, effective values, Match blocks and the gatherer's outcomes on fixture trees."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from garrison.facts.sshd.gather import gather_sshd
from garrison.facts.sshd.match import Connection
from garrison.facts.store import FactError, SubjectAbsent
from garrison.model import Location
from garrison.targets.rootdir import RootDirTarget


def _tree(root: Path, files: dict[str, str]) -> RootDirTarget:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return RootDirTarget(str(root))


def test_includes_are_sorted_relative_and_first_wins(tmp_path: Path) -> None:
    target = _tree(
        tmp_path,
        {
            "etc/ssh/sshd_config": "Include sshd_config.d/*.conf\nPasswordAuthentication yes\nPort 2222\n",
            "etc/ssh/sshd_config.d/20-b.conf": "PasswordAuthentication yes\nPort 22\n",
            "etc/ssh/sshd_config.d/10-a.conf": "PasswordAuthentication no\n",
            "etc/ssh/sshd_config.d/.hidden.conf": "MaxAuthTries 1\n",
        },
    )
    facts = gather_sshd(target)
    setting = facts.get("passwordauthentication")
    assert setting.values == ("no",)
    assert setting.location == Location("/etc/ssh/sshd_config.d/10-a.conf", 1)
    assert facts.get("port").values == ("22", "2222")
    assert facts.get("maxauthtries").is_default
    assert [f.path for f in facts.files] == [
        "/etc/ssh/sshd_config",
        "/etc/ssh/sshd_config.d/10-a.conf",
        "/etc/ssh/sshd_config.d/20-b.conf",
    ]


def test_match_blocks_and_connections(tmp_path: Path) -> None:
    target = _tree(
        tmp_path,
        {
            "etc/ssh/sshd_config": (
                "Include /etc/ssh/sshd_config.d/*.conf\nX11Forwarding no\n"
                "Match User alice Address 10.0.0.0/8\n  X11Forwarding yes\n  PermitRootLogin yes\n"
            ),
            "etc/ssh/sshd_config.d/50-sftp.conf": "Match Group sftp\n  ForceCommand internal-sftp\n",
        },
    )
    facts = gather_sshd(target)
    assert facts.get("x11forwarding").values == ("no",)
    assert [b.location.line for b in facts.match_blocks] == [1, 3]
    ((block, directive),) = facts.blocks_setting("x11forwarding")
    assert block.text == "User alice Address 10.0.0.0/8"
    assert directive.location == Location("/etc/ssh/sshd_config", 4)
    inside = facts.for_connection(Connection(user="alice", host="h", address="10.9.9.9"))
    outside = facts.for_connection(Connection(user="alice", host="h", address="192.0.2.1"))
    assert inside["x11forwarding"].values == ("yes",)
    assert outside["x11forwarding"].values == ("no",)


def test_include_loop_is_a_problem_at_the_include_line(tmp_path: Path) -> None:
    target = _tree(tmp_path, {"etc/ssh/sshd_config": "Include /etc/ssh/sshd_config\nX11Forwarding no\n"})
    facts = gather_sshd(target)
    assert ["recursive" in p.message for p in facts.problems] == [True]
    assert facts.problems[0].location == Location("/etc/ssh/sshd_config", 1)
    assert facts.get("x11forwarding").values == ("no",)


def test_bad_value_in_include_names_its_line(tmp_path: Path) -> None:
    target = _tree(
        tmp_path,
        {
            "etc/ssh/sshd_config": "Include /etc/ssh/sshd_config.d/*.conf\n",
            "etc/ssh/sshd_config.d/x.conf": "# ok\nMaxAuthTries lots\n",
        },
    )
    facts = gather_sshd(target)
    assert [p.location for p in facts.problems] == [Location("/etc/ssh/sshd_config.d/x.conf", 2)]
    assert facts.get("maxauthtries").is_default
    assert facts.verdict_notes() == (
        "judged from a configuration sshd would refuse (/etc/ssh/sshd_config.d/x.conf:2)",
    )


def test_global_keyword_in_match_is_an_error(tmp_path: Path) -> None:
    target = _tree(tmp_path, {"etc/ssh/sshd_config": "Match User x\n  Ciphers aes128-ctr\n"})
    (problem,) = gather_sshd(target).problems
    assert "not allowed within a Match block" in problem.message
    assert problem.location == Location("/etc/ssh/sshd_config", 2)


def test_absent_and_missing_config(tmp_path: Path) -> None:
    with pytest.raises(SubjectAbsent):
        gather_sshd(_tree(tmp_path, {"etc/hostname": "x\n"}))
    target = _tree(tmp_path, {"usr/sbin/sshd": ""})
    with pytest.raises(FactError, match="missing"):
        gather_sshd(target)


@pytest.mark.skipif(not os.path.exists("/usr/bin/ssh-keygen"), reason="needs ssh-keygen")
def test_host_keys_are_described_from_the_public_half(tmp_path: Path) -> None:
    keydir = tmp_path / "etc/ssh"
    keydir.mkdir(parents=True)
    key = keydir / "ssh_host_rsa_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", str(key)], check=True)
    (keydir / "sshd_config").write_text("HostKey /etc/ssh/ssh_host_rsa_key\nHostKey /etc/ssh/missing_key\n")
    facts = gather_sshd(RootDirTarget(str(tmp_path)))
    rsa, missing = facts.host_keys
    assert (rsa.kind, rsa.bits, rsa.exists) == ("rsa", 2048, True)
    assert not missing.exists
    assert "PRIVATE" not in repr(facts)


def test_relative_host_key_and_moduli_paths_resolve_from_root(tmp_path: Path) -> None:
    target = _tree(
        tmp_path,
        {
            "etc/ssh/sshd_config": "HostKey etc/ssh/key\nModuliFile etc/ssh/moduli\n",
            "etc/ssh/moduli": "20220714110357 2 6 100 2047 2 E98F\n",
        },
    )
    facts = gather_sshd(target)
    assert facts.host_keys[0].path == "/etc/ssh/key"
    assert facts.moduli is not None
    assert facts.moduli.entries[0].bits == 2048
