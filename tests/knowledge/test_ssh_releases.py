"""The modelled OpenSSH releases are consistent: each one's default algorithm lists are names it knows and
the table passes, its setting defaults are keywords it accepts, and versions map to releases as documented."""

from __future__ import annotations

from garrison.data.ssh import AlgorithmKind, OpenSshVersion, failing, known
from garrison.data.ssh_releases import DEBIAN_12, DEBIAN_13, REFERENCE, RELEASES, UBUNTU_24_04, release_for
from garrison.facts.sshd.defaults import DEFAULTS, defaults_for
from garrison.facts.sshd.keywords import KEYWORDS, TABLE, keywords_for


def test_releases_are_ordered_and_complete() -> None:
    versions = [r.version for r in RELEASES]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert [str(v) for v in versions] == ["8.9", "9.2", "9.6", "10.0"]
    assert REFERENCE is DEBIAN_12
    for release in RELEASES:
        assert set(release.defaults) == set(AlgorithmKind), release.label


def test_defaults_are_known_and_pass_in_their_release() -> None:
    for release in RELEASES:
        for kind, names in release.defaults.items():
            assert len(set(names)) == len(names), (release.label, kind)
            assert set(names) <= set(known(kind, release.version)), (release.label, kind)
            assert not set(names) & failing(kind, release.version), (release.label, kind)


def test_what_each_release_changed() -> None:
    kex = AlgorithmKind.KEX
    assert DEBIAN_13.defaults[kex][0] == "mlkem768x25519-sha256"
    assert not any(n.startswith("diffie-hellman") for n in DEBIAN_13.defaults[kex])
    assert DEBIAN_12.defaults[kex][0] == "sntrup761x25519-sha512"  # Debian's backport
    assert UBUNTU_24_04.defaults[kex][0] == "sntrup761x25519-sha512@openssh.com"
    assert RELEASES[0].defaults[kex][0] == "curve25519-sha256"  # 8.9: post-quantum not yet first
    assert "ssh-dss" in known(AlgorithmKind.KEY, DEBIAN_12.version)
    assert "ssh-dss" not in known(AlgorithmKind.KEY, DEBIAN_13.version)
    assert "mlkem768x25519-sha256" not in known(kex, UBUNTU_24_04.version)
    assert "sntrup761x25519-sha512" not in known(kex, UBUNTU_24_04.version)  # the backport is Debian 12's


def test_setting_defaults_are_keywords_of_their_release() -> None:
    assert defaults_for(DEBIAN_12.version) == DEFAULTS
    for release in RELEASES:
        accepted = keywords_for(release.version)
        names = {kw.name for kw in accepted.values()}
        extra = set(defaults_for(release.version)) - names
        # 8.9 keeps the fixed RSA minimum under the keyword 9.1 added for it
        assert extra <= ({"requiredrsasize"} if release.version < OpenSshVersion(9, 1) else set()), release
    assert "unusedconnectiontimeout" not in defaults_for(OpenSshVersion(8, 9))
    assert defaults_for(DEBIAN_13.version)["sshdauthpath"] == ("/usr/lib/openssh/sshd-auth",)
    assert "sshdauthpath" not in keywords_for(OpenSshVersion(9, 9))


def test_keywords_only_grow_and_subsystem_joins_match_in_9_5() -> None:
    sizes = [len(keywords_for(r.version)) for r in RELEASES]
    assert sizes == sorted(sizes)
    assert all(kw.since is None or kw.since <= DEBIAN_13.version for kw in TABLE)
    assert not keywords_for(OpenSshVersion(9, 4))["subsystem"].match
    assert keywords_for(OpenSshVersion(9, 5))["subsystem"].match
    assert not KEYWORDS["subsystem"].match  # the table itself stays as the reference reads it


def test_versions_map_to_releases() -> None:
    assert release_for((10, 0)) == (DEBIAN_13, None)
    assert release_for((9, 2, 1)) == (DEBIAN_12, None)
    unknown, note = release_for(None)
    assert unknown is REFERENCE and note is not None and "unknown" in note
    between, note = release_for((9, 9))
    assert between.version == OpenSshVersion(9, 9) and between.defaults is UBUNTU_24_04.defaults
    assert (
        note is not None
        and "9.6" in note
        and "mlkem768x25519-sha256" in known(AlgorithmKind.KEX, between.version)
    )
    older, _ = release_for((7, 4))
    assert older.defaults is RELEASES[0].defaults
