"""Real-world test: the update-state rules on debootstrapped Debian 12 and 13 trees (tests/chroots.py, built
once and cached) and on Debian 12's real security suite lists of this machine.

debootstrap writes only `deb <mirror> <suite> main` to sources.list: no security suite, so no security fix
ever reaches such a tree — a real finding on every server installed that way and never edited. The second
test puts this machine's real bookworm-security lists (lz4, as apt 2.6 keeps them) beside the Debian 12
tree's dpkg database and checks the pending updates against `apt-get -s dist-upgrade` over the same files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from garrison.engine import evaluate, run_audit
from garrison.facts.catalog import default_gatherers
from garrison.facts.packages.lists import LISTS_DIR, security_list
from garrison.facts.store import FactStore
from garrison.model import Status
from garrison.rules.registry import find_rule, load_rules
from garrison.targets.rootdir import RootDirTarget

chroots = pytest.importorskip("chroots")

pytestmark = [pytest.mark.realworld, pytest.mark.slow]

#: What a pristine debootstrapped tree gets, offline, with why.
EXPECTED = {
    "packages.security-suite-configured": Status.FAIL,  # debootstrap's sources.list has `<suite> main` only
    "packages.security-updates-installed": Status.UNKNOWN,  # so no security list was ever fetched
    "packages.repositories-signed": Status.PASS,  # the Debian archive, checked with debian-archive-keyring
    "packages.reboot-not-required": Status.UNKNOWN,  # no flag; the running kernel is a live fact
    "packages.services-restarted": Status.UNKNOWN,  # no processes offline
    "packages.unattended-upgrades-enabled": Status.FAIL,  # not installed: nothing upgrades the tree
}


@pytest.mark.parametrize("suite", ["BOOKWORM", "TRIXIE"])
def test_debootstrapped_tree_update_state(suite: str) -> None:
    root = chroots.chroot_or_skip(getattr(chroots, suite))
    rules = [r for r in load_rules() if r.id in EXPECTED]
    result = run_audit(RootDirTarget(str(root)), rules, today=date(2026, 12, 2))
    got = {f.rule_id: f.status for f in result.findings}
    assert got == EXPECTED, {f.rule_id: f.message for f in result.findings}
    security = next(f for f in result.findings if f.rule_id == "packages.security-suite-configured")
    assert "none names it" in security.message and security.evidence[0].path == "/etc/apt/sources.list"


INST = re.compile(r"^Inst (\S+) \[(\S+)\] \((\S+) ")


def test_debian12_tree_against_the_real_security_suite(tmp_path: Path) -> None:
    found = [p for p in sorted(Path(LISTS_DIR).glob("*")) if security_list(str(p)) is not None]
    lists = [p for p in found if "bookworm-security" in p.name]
    if not lists or shutil.which("apt-get") is None:
        pytest.skip("no bookworm-security lists in /var/lib/apt/lists on this machine, or no apt-get")
    tree = chroots.chroot_or_skip(chroots.BOOKWORM)
    root = tmp_path / "root"
    (root / "var/lib/dpkg").mkdir(parents=True)
    (root / "var/lib/apt/lists").mkdir(parents=True)
    (root / "etc/apt").mkdir(parents=True)
    shutil.copy(tree / "var/lib/dpkg/status", root / "var/lib/dpkg/status")
    for path in lists:
        shutil.copy(path, root / "var/lib/apt/lists" / path.name)
    for release in Path(LISTS_DIR).glob("*bookworm-security_*Release"):
        shutil.copy(release, root / "var/lib/apt/lists" / release.name)
    site = lists[0].name.split("_dists_")[0].replace("_", "/")
    (root / "etc/apt/sources.list").write_text(f"deb http://{site} bookworm-security main\n")

    item = find_rule("packages.security-updates-installed")
    assert item is not None
    outcome = evaluate(item, FactStore(RootDirTarget(str(root)), default_gatherers()))
    ours = {e.setting.scope for e in outcome.evidence if e.setting is not None}

    done = subprocess.run(
        [
            "apt-get",
            "-s",
            *("-o", f"Dir::State::status={root / 'var/lib/dpkg/status'}"),
            *("-o", f"Dir::State::Lists={root / 'var/lib/apt/lists'}"),
            *("-o", f"Dir::Etc::SourceList={root / 'etc/apt/sources.list'}"),
            *("-o", f"Dir::Etc::SourceParts={root / 'none'}"),
            *("-o", "Dir::Cache::pkgcache=", "-o", "Dir::Cache::srcpkgcache=", "-o", "Debug::NoLocking=1"),
            "dist-upgrade",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    apt = {m[1].split(":")[0] for line in done.stdout.splitlines() if (m := INST.match(line))}
    assert apt, "the Debian 12 tree is older than bookworm-security: apt wants upgrades"
    assert outcome.status is Status.FAIL
    shown = min(len(apt), 25)  # the evidence names the first 25; the message counts them all
    assert len(ours) == shown and ours <= apt
    assert f"{len(apt)} packages have a newer version in bookworm-security" in outcome.message
