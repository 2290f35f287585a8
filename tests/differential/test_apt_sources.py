"""Differential: Garrison's sources.list / .sources reader finds the entries apt itself finds, and its
pending security updates are the upgrades apt would make from the security suite.

1. Every case folder with APT sources, and a set of edge cases: `apt-get indextargets` over the same
   files (a private Dir::Etc::SourceList / SourceParts / State::Lists, nothing on the machine is
   touched) lists each enabled `deb` entry's site, suite and source entry (`file:line` for one-line
   entries, `file:stanza` for deb822); Garrison must list the same, and refuse the files apt refuses.
2. This machine's real lists (Debian 12's lz4-compressed /var/lib/apt/lists when `apt update` ran):
   `apt-get -s dist-upgrade` with only the enabled security entries must want to upgrade exactly the
   packages packages.security-updates-installed names. Skipped where there are no security lists.
Needs apt-get (Debian package apt).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casekit import CASES_DIR
from garrison.facts.packages.gather import gather_packages
from garrison.facts.packages.hostgather import gather_apt_sources, gather_security_index
from garrison.facts.packages.lists import newer
from garrison.facts.packages.sources import parse_sources_deb822, parse_sources_list, sources_file_wanted
from garrison.targets.local import LocalTarget

pytestmark = pytest.mark.skipif(shutil.which("apt-get") is None, reason="needs apt-get (Debian package apt)")

NO_CACHE = ["-o", "Dir::Cache::pkgcache=", "-o", "Dir::Cache::srcpkgcache=", "-o", "Debug::NoLocking=1"]
EDGES = {
    "flat and trailing slash": "deb http://repo.example.org/debian/ ./\ndeb http://a.example/x/ s main\n",
    "options and comments": "deb [ arch=amd64 trusted=yes ] http://a.example/d s m # c\n#deb http://b/ s m\n",
    "deb-src only": "deb-src http://a.example/d bookworm main\n",
    "two stanzas": "Types: deb deb-src\nURIs: http://a.example/d http://b.example/d\nSuites: s1 s2\n"
    "Components: main\n\n# a comment\nTypes: deb\nURIs: http://c.example/d\nSuites: s3\nComponents: main\n"
    "Enabled: no\n\nTypes: deb\nURIs: http://d.example/d\nSuites: s4\nComponents: main\n",
    "continuation": "Types: deb\nURIs: http://a.example/d\nSuites: s\nComponents: main\nSigned-By:\n"
    " -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mQINBGPL0BUBEAD\n -----END PGP PUBLIC KEY BLOCK-----\n",
    "missing uris": "Types: deb\nSuites: s\nComponents: main\n",
    "unclosed options": "deb [trusted=yes http://a.example/d s main\n",
}


def apt_entries(etc: Path, tmp: Path) -> set[tuple[str, str, str]] | None:
    """(site, suite, source entry) of every enabled deb entry as apt parses them; None if apt refuses."""
    done = subprocess.run(
        [
            "apt-get",
            *("-o", f"Dir::Etc::SourceList={etc / 'sources.list'}"),
            *("-o", f"Dir::Etc::SourceParts={etc / 'sources.list.d'}"),
            *("-o", f"Dir::State::Lists={tmp / 'lists'}"),
            *NO_CACHE,
            *(
                "indextargets",
                "--no-release-info",
                "--format",
                "$(SITE)\t$(RELEASE)\t$(SOURCESENTRY)\t$(TARGET_OF)",
            ),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        return None
    rows = [line.split("\t") for line in done.stdout.splitlines() if line.strip()]
    return {
        (site.rstrip("/"), suite, entry.replace(str(etc), "/etc/apt"))
        for site, suite, entry, of in rows
        if of == "deb"
    }


def garrison_entries(etc: Path) -> set[tuple[str, str, str]] | None:
    found: set[tuple[str, str, str]] = set()
    paths = [etc / "sources.list", *sorted((etc / "sources.list.d").glob("*"))]
    for path in paths:
        if not path.is_file() or (
            path.parent.name == "sources.list.d" and not sources_file_wanted(path.name)
        ):
            continue
        shown = "/etc/apt/" + str(path.relative_to(etc))
        deb822 = path.name.endswith(".sources")
        entries, issues = (parse_sources_deb822 if deb822 else parse_sources_list)(path.read_text(), shown)
        if issues:
            return None
        for number, entry in enumerate(entries, start=1):
            where = f"{shown}:{number if deb822 else entry.location.line}"
            if entry.binary:
                found |= {(uri.rstrip("/"), suite, where) for uri in entry.uris for suite in entry.suites}
    return found


def _case_etcs() -> list[Path]:
    """The case folders' /etc of those with APT sources."""
    found = CASES_DIR.glob("packages.*/*/root/etc/apt")
    return sorted(p.parent for p in found if (p / "sources.list").exists() or (p / "sources.list.d").is_dir())


@pytest.mark.parametrize("root", _case_etcs(), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_case_folder_sources_as_apt_reads_them(root: Path, tmp_path: Path) -> None:
    etc = root / "apt"
    assert garrison_entries(etc) == apt_entries(etc, tmp_path)


@pytest.mark.parametrize("name", sorted(EDGES))
def test_edge_cases_as_apt_reads_them(name: str, tmp_path: Path) -> None:
    etc = tmp_path / "etc"
    (etc / "sources.list.d").mkdir(parents=True)
    text = EDGES[name]
    target = etc / "sources.list.d" / "x.sources" if text.startswith("Types") else etc / "sources.list"
    target.write_text(text)
    assert garrison_entries(etc) == apt_entries(etc, tmp_path)


INST = re.compile(r"^Inst (\S+) \[(\S+)\] \((\S+) ")


def test_pending_security_updates_match_apt_on_this_machine(tmp_path: Path) -> None:
    target = LocalTarget()
    index = gather_security_index(target)
    if not index.lists:
        pytest.skip("no security suite lists in /var/lib/apt/lists on this machine")
    lines = [
        f"deb {uri} {suite} {' '.join(entry.components)}"
        for entry in gather_apt_sources(target).enabled
        if entry.security_suites()
        for uri in entry.uris
        for suite in entry.security_suites()
    ]
    (tmp_path / "sources.list").write_text("\n".join(lines) + "\n")
    done = subprocess.run(
        [
            "apt-get",
            "-s",
            "-q",
            *("-o", f"Dir::Etc::SourceList={tmp_path / 'sources.list'}"),
            *("-o", f"Dir::Etc::SourceParts={tmp_path / 'none'}"),
            *NO_CACHE,
            "dist-upgrade",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    apt = {m[1].split(":")[0]: m[3] for line in done.stdout.splitlines() if (m := INST.match(line))}
    packages = gather_packages(target)
    ours = {
        name: found.version
        for name, package in packages.packages.items()
        if package.installed
        and (found := index.candidates.get(name)) is not None
        and newer(found.version, package.version)
    }
    assert ours == apt
