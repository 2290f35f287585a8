"""sshd as the installed release reads it: keywords and algorithm names per release, what sshd would refuse
(kept with file:line while the rest is judged), misspellings, and the commented-out default lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.data.ssh import OpenSshVersion
from garrison.data.ssh_releases import DEBIAN_12, DEBIAN_13, RELEASES, UBUNTU_22_04
from garrison.facts.catalog import default_gatherers
from garrison.facts.sshd import SshdFacts
from garrison.facts.sshd.effective import connection_settings, global_settings
from garrison.facts.sshd.match import Connection
from garrison.facts.sshd.parse import parse_sshd_config
from garrison.facts.store import FactStore
from garrison.model import Location
from garrison.targets.rootdir import RootDirTarget

PATH = "/etc/ssh/sshd_config"


def test_an_algorithm_name_is_judged_by_the_release() -> None:
    text = "KexAlgorithms mlkem768x25519-sha256,curve25519-sha256\n"
    parsed, issues = parse_sshd_config(text, PATH, DEBIAN_13)
    assert not issues and parsed.directives[0].values == ("mlkem768x25519-sha256,curve25519-sha256",)
    _, issues = parse_sshd_config(text, PATH, DEBIAN_12)
    assert [i.location for i in issues] == [Location(PATH, 1)]
    assert "'mlkem768x25519-sha256' (OpenSSH 9.2 does not know it: added in 9.9)" in issues[0].message
    _, issues = parse_sshd_config("HostKeyAlgorithms +ssh-dss\n", PATH, DEBIAN_13)
    assert "removed in OpenSSH 10.0" in issues[0].message
    _, issues = parse_sshd_config("Ciphers $y$j9T$SALT\n", PATH, DEBIAN_13)
    assert "SALT" not in issues[0].message  # not a name of the table: quoted only as `quoting` allows


def test_keywords_by_release_misspellings_and_refused_lines() -> None:
    text = "RefuseConnection no\nPasswordAuthenticaton no\nPermitRootLogin maybe\nX11Forwarding no\n"
    parsed, issues = parse_sshd_config(text, PATH, UBUNTU_22_04)
    assert [i.location.line for i in issues] == [1, 2, 3]
    newer, typo = parsed.unknown
    assert (newer.written, newer.since, newer.suggestion) == ("RefuseConnection", OpenSshVersion(9, 9), None)
    assert (typo.suggestion, typo.since) == ("passwordauthentication", None)
    assert [k for k, _ in parsed.refused] == ["refuseconnection", "passwordauthentication", "permitrootlogin"]
    assert [d.keyword for d in parsed.directives] == ["x11forwarding"]
    parsed, issues = parse_sshd_config(text, PATH, DEBIAN_13)
    assert [i.location.line for i in issues] == [2, 3]


def test_commented_defaults_are_found_before_any_match() -> None:
    text = (
        "# Ciphers and keying\n#PermitRootLogin prohibit-password\n# PasswordAuthentication yes\n"
        "#PermitRootLogin yes\n#LoginGraceTime 2m\n#MaxAuthTries lots\n#Match User anoncvs\n"
        "#\tX11Forwarding no\n"
    )
    parsed, _ = parse_sshd_config(text, PATH)
    assert dict(parsed.commented) == {"permitrootlogin": 2, "passwordauthentication": 3, "logingracetime": 5}
    parsed, _ = parse_sshd_config("Match User x\n#X11Forwarding no\n", PATH)
    assert parsed.commented == ()


def _facts(tmp_path: Path, config: str, version: str | None) -> SshdFacts:
    (tmp_path / "etc/ssh").mkdir(parents=True)
    (tmp_path / "etc/ssh/sshd_config").write_text(config)
    if version is not None:
        (tmp_path / "var/lib/dpkg").mkdir(parents=True)
        (tmp_path / "var/lib/dpkg/status").write_text(
            f"Package: openssh-server\nStatus: install ok installed\nVersion: {version}\n"
        )
    return FactStore(RootDirTarget(str(tmp_path)), default_gatherers()).get(SshdFacts)


def test_the_gatherer_judges_as_the_installed_release(tmp_path: Path) -> None:
    facts = _facts(
        tmp_path / "13", "#PermitRootLogin prohibit-password\nInclude /etc/ssh/extra.conf\n", "1:10.0p1-7"
    )
    assert facts.release is DEBIAN_13 and facts.version_note is None
    assert facts.get("kexalgorithms").values[0].startswith("mlkem768x25519-sha256,")
    assert facts.effective("permitrootlogin", "PermitRootLogin").location == Location(PATH, 1)
    assert facts.effective("maxauthtries", "MaxAuthTries").location == Location(PATH)
    assert [m.path for m in facts.missing_includes] == ["/etc/ssh/extra.conf"]
    assert facts.problems == () and facts.verdict_notes() == ()
    unknown = _facts(tmp_path / "none", "PasswordAuthentication no\n", None)
    assert unknown.release is DEBIAN_12 and unknown.version_note is not None


WORDS = st.sampled_from(
    ["KexAlgorithms", "mlkem768x25519-sha256", "+ssh-dss", "RefuseConnection", "Subsystem", "sftp", "x", "#",
     "Match", "User", "All", "Include", "yes", "no", " ", "\n", "\t", "=", '"', "PermitRootLogn", "Ciphers"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=50).map("".join), st.integers(0, len(RELEASES) - 1))
def test_every_release_parses_without_raising(text: str, index: int) -> None:
    release = RELEASES[index]
    parsed, _ = parse_sshd_config(text, PATH, release)
    settings_, _, _ = global_settings(parsed, release)
    assert "kexalgorithms" in settings_
    connection_settings(parsed, Connection(user="x", host="h", address="192.0.2.1"), release)
