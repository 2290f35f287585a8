"""The PostgreSQL release table (facts.postgresql.releases): consistent with itself and with the installed
server, when there is one (`postgres --describe-config` lists the names a sample configuration may set)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from garrison.facts.postgresql.defaults import DEFAULTS_15, default_for
from garrison.facts.postgresql.releases import (
    NAMES_15,
    REFERENCE_MAJOR,
    RELEASES,
    is_known_name,
    release_for,
)

POSTGRES_15 = Path("/usr/lib/postgresql/15/bin/postgres")


def test_releases_cover_14_to_17_and_the_reference() -> None:
    assert sorted(RELEASES) == [14, 15, 16, 17]
    assert REFERENCE_MAJOR in RELEASES
    assert all(number == release.major for number, release in RELEASES.items())


def test_names_are_lower_case_words() -> None:
    for release in RELEASES.values():
        assert all(name == name.lower() and name.replace("_", "").isalnum() for name in release.names)


def test_differences_are_real_differences() -> None:
    for release in RELEASES.values():
        assert release.removed <= NAMES_15, release.major
        assert not release.added & NAMES_15, release.major
        assert not release.added & release.removed, release.major


def test_later_releases_keep_what_they_added() -> None:
    assert RELEASES[16].added <= RELEASES[17].names
    assert not RELEASES[16].removed & RELEASES[17].names


def test_every_judged_setting_exists_in_every_release() -> None:
    for release in RELEASES.values():
        assert set(DEFAULTS_15) <= release.names, release.major
        assert set(release.defaults) <= release.names


def test_defaults_by_release() -> None:
    for major in RELEASES:
        assert default_for("password_encryption", str(major)) == "scram-sha-256"
        assert default_for("ssl_min_protocol_version", str(major)) == "TLSv1.2"
    assert default_for("password_encryption", "13") == "md5"
    assert default_for("password_encryption", "") == default_for("password_encryption", "15")


def test_known_names() -> None:
    assert is_known_name("listen_addresses", "15") is True
    assert is_known_name("listen_adresses", "15") is False
    assert is_known_name("pg_stat_statements.max", "15") is True
    assert is_known_name("old_snapshot_threshold", "16") is True
    assert is_known_name("old_snapshot_threshold", "17") is False
    assert is_known_name("transaction_timeout", "16") is False
    assert is_known_name("transaction_timeout", "17") is True
    assert is_known_name("stats_temp_directory", "14") is True
    assert is_known_name("stats_temp_directory", "15") is False
    assert is_known_name("anything", "18") is None
    assert release_for("9.6") is None


@pytest.mark.skipif(not POSTGRES_15.exists(), reason="needs the Debian package postgresql-15")
def test_reference_names_match_the_installed_server() -> None:
    done = subprocess.run(
        [str(POSTGRES_15), "--describe-config"], capture_output=True, text=True, check=True, timeout=60
    )
    described = {line.split("\t", 1)[0].lower() for line in done.stdout.splitlines() if line}
    assert described <= NAMES_15
