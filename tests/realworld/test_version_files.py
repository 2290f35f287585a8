"""The version files Debian's Prosody and ejabberd packages ship (`prosody.version`, ejabberd's
`ebin/ejabberd.app`), in Debian 12's and Debian 13's packages: read without any dpkg database, each gives
the upstream version the package's own Version: field says."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.facts.versions import InstalledVersions, Program, VersionSource, upstream_numbers
from garrison.targets.rootdir import RootDirTarget
from realworld.debs import extract_packages, package_file

CASES = [(Program.PROSODY, "prosody"), (Program.EJABBERD, "ejabberd")]


@pytest.mark.parametrize("suite", [None, "trixie"], ids=["debian12", "debian13"])
@pytest.mark.parametrize(("program", "package"), CASES, ids=[p for _, p in CASES])
def test_version_file_gives_the_package_version(
    tmp_path: Path, program: Program, package: str, suite: str | None
) -> None:
    root = extract_packages([package], tmp_path / "root", suite=suite)
    (root / "etc/os-release").write_text("ID=debian\n")
    assert not (root / "var/lib/dpkg/status").exists()  # the version comes from the program's own file
    found = FactStore(RootDirTarget(str(root)), default_gatherers()).get(InstalledVersions).get(program)
    control = subprocess.run(
        ["dpkg-deb", "-f", str(package_file(package, suite)), "Version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert found is not None and found.source is VersionSource.FILE
    assert found.numbers == upstream_numbers(control)
    assert (root / found.location.path.lstrip("/")).is_file()
