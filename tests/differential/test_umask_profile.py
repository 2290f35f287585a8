"""The umask a login shell ends with, against the real /bin/sh (dash) sourcing /etc/profile and
/etc/profile.d/*.sh: each layout is bind-mounted over /etc/profile and /etc/profile.d inside a private mount
namespace (`unshare -m`, root only; nothing of the host changes), the shell starts from the inherited 0022
and prints `umask` at the end. Garrison's `UmaskFacts.effective()` must give the same mask. Conditional
lines are read as if they run (Garrison does not evaluate `if`), so every layout's conditions are true.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.accounts.envgather import gather_umask
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.targets.rootdir import RootDirTarget

PROFILE = (Path("/etc/profile").read_text() if Path("/etc/profile").exists() else "") or "true\n"

LAYOUTS: dict[str, tuple[str, dict[str, str]]] = {
    "nothing": (PROFILE, {}),
    "profile-line": (PROFILE + "umask 027\n", {}),
    "profile-d-wins": (PROFILE + "umask 077\n", {"50-site.sh": "umask 027\n"}),
    "last-file-wins": (
        PROFILE,
        {"10-a.sh": "umask 077\n", "90-z.sh": "umask 0027\n", "README": "umask 000\n"},
    ),
    "not-sh-ignored": (PROFILE, {"umask.conf": "umask 000\n", "20-x.sh": "umask 007\n"}),
    "true-conditions": (PROFILE, {"30-c.sh": 'if [ -d / ]; then umask 027; fi\n[ -n "x" ] && umask 077\n'}),
    "symbolic": (PROFILE, {"40-s.sh": "umask u=rwx,g=rx,o=\n"}),
}


def _needs_namespace() -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None or not Path("/etc/profile").exists():
        pytest.skip("needs root, unshare and a host /etc/profile to mount over")


def _shell_umask(root: Path) -> int:
    script = (
        f"mount --bind {root}/etc/profile /etc/profile && "
        f"mkdir -p /etc/profile.d && mount --bind {root}/etc/profile.d /etc/profile.d && "
        "exec env -i PATH=/usr/bin:/bin /bin/sh -c 'umask 022; . /etc/profile >/dev/null 2>&1; umask'"
    )
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"unshare -m failed: {done.stderr.strip()[-200:]}")
    return int(done.stdout.strip().splitlines()[-1], 8)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_profile_umask_matches_sh(layout: str, tmp_path: Path) -> None:
    _needs_namespace()
    profile, dropins = LAYOUTS[layout]
    (tmp_path / "etc/profile.d").mkdir(parents=True)
    (tmp_path / "etc/profile").write_text(profile)
    for name, text in dropins.items():
        (tmp_path / "etc/profile.d" / name).write_text(text)
    target = RootDirTarget(str(tmp_path))
    facts = gather_umask(target, FactStore(target, default_gatherers()))
    assert facts.effective().value == _shell_umask(tmp_path)
