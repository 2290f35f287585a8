"""Differential: the modprobe.d reading agrees with kmod's own modprobe (Debian 12's kmod 30, unpacked from
its package): `modprobe -C <dir>... -c` for the install and blacklist lines after directory precedence and
parsing, `--show-depends <module>` for the install command that is in force (the first one). Glob
patterns in install lines are left out: without the module in modules.dep (as here) kmod resolves the name
through exact install lines first, so the answer would depend on the machine's kernel."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from garrison.facts.kernelcfg import Command, gather_modprobe
from garrison.facts.kernelcfg.modprobe import MODPROBE_DIRS
from garrison.targets.rootdir import RootDirTarget
from realworld.debs import extract_packages

pytestmark = pytest.mark.realworld

#: directory (as on the target) -> file name -> text
TREES: dict[str, dict[str, dict[str, str]]] = {
    "cis-lines": {
        "/etc/modprobe.d": {
            "cis.conf": "# CIS\ninstall dccp /bin/false\nblacklist dccp\n"
            "install sctp /bin/true\nblacklist sctp\n",
        },
    },
    "continuations-comments-dashes": {
        "/etc/modprobe.d": {
            "a.conf": "install sctp /sbin/modprobe \\\n  --ignore-install sctp\n  # indented comment\n"
            "blacklist ip-sctp\nbogus line\ninstall\nblacklist\n",
            "notes.txt": "install rds /bin/false\n",  # not a .conf file: never read
        },
    },
    "shadowing-and-order": {
        "/etc/modprobe.d": {"10-cis.conf": "blacklist tipc\n"},  # hides /lib's 10-cis.conf
        "/lib/modprobe.d": {
            "10-cis.conf": "install tipc /bin/false\n",
            "05-first.conf": "install dccp /usr/bin/false\n",
            "50-late.conf": "install dccp /bin/true\ninstall rds /bin/false\n",
        },
        "/usr/lib/modprobe.d": {"aliases.conf": "alias net-pf-10 off\ninstall rds /bin/true\n"},
    },
}


@pytest.fixture(scope="module")
def modprobe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = extract_packages(["kmod"], tmp_path_factory.mktemp("kmod") / "root")
    return root / "bin/kmod"


def _kmod(kmod: Path, root: Path, *args: str) -> str:
    dirs = [a for d in MODPROBE_DIRS for a in ("-C", str(root / d.lstrip("/")))]
    done = subprocess.run(
        [str(kmod.parent / "modprobe"), *dirs, *args], capture_output=True, text=True, timeout=30, check=False
    )
    return done.stdout


def _build(tmp_path: Path, tree: dict[str, dict[str, str]]) -> Path:
    root = tmp_path / "root"
    for directory in MODPROBE_DIRS:
        (root / directory.lstrip("/")).mkdir(parents=True, exist_ok=True)
    for directory, files in tree.items():
        for name, text in files.items():
            (root / directory.lstrip("/") / name).write_text(text)
    return root


@pytest.mark.parametrize("name", sorted(TREES))
def test_lines_and_install_in_force_match_kmod(name: str, modprobe: Path, tmp_path: Path) -> None:
    (modprobe.parent / "modprobe").unlink(missing_ok=True)
    (modprobe.parent / "modprobe").symlink_to("kmod")  # kmod acts as the program it is called as
    root = _build(tmp_path, TREES[name])
    facts = gather_modprobe(RootDirTarget(str(root)))
    ours = sorted(f"{i.command} {i.module} {' '.join(i.argument.split())}".strip() for i in facts.lines)
    theirs = sorted(
        " ".join(line.split())
        for line in _kmod(modprobe, root, "-c").splitlines()
        if line.startswith(("install ", "blacklist "))
    )
    assert ours == theirs
    for module in ("dccp", "sctp", "rds", "tipc"):
        shown = _kmod(modprobe, root, "--show-depends", module).strip()
        install = facts.install(module)
        if install is None:
            assert not shown.startswith("install "), (module, shown)
        else:
            assert shown.split() == ["install", *install.argument.split()], (module, shown)
    assert all(i.command in (Command.INSTALL, Command.BLACKLIST) for i in facts.lines)
