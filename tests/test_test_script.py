"""scripts/test.sh removes the policy-rc.d it created for its apt-get run, and keeps one it found.

Runs the real script (`GARRISON_DEPS=none`: the Debian packages step only, real apt-get) in a private mount
namespace whose /usr/sbin is an overlay on the real one, so this machine's own policy-rc.d is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.geteuid() != 0 or shutil.which("apt-get") is None or shutil.which("unshare") is None,
        reason="needs root, apt-get and unshare",
    ),
    pytest.mark.skipif(os.environ.get("GARRISON_DEPS_UNDER_TEST") == "lowest", reason="newest run only"),
]

SCRIPT = """
set -eu
mount -t overlay overlay -o lowerdir=/usr/sbin,upperdir={work}/upper,workdir={work}/scratch /usr/sbin
{prepare}
GARRISON_DEPS=none bash {repo}/scripts/test.sh > {work}/log 2>&1
if [ -e /usr/sbin/policy-rc.d ]; then cat /usr/sbin/policy-rc.d; else echo ABSENT; fi
"""


def run_in_namespace(tmp_path: Path, prepare: str) -> str:
    for name in ("upper", "scratch"):
        (tmp_path / name).mkdir()
    script = SCRIPT.format(work=tmp_path, repo=REPO, prepare=prepare)
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0 and "overlay" in done.stderr:
        pytest.skip(f"no overlay mount here: {done.stderr.strip()[:200]}")
    log = (tmp_path / "log").read_text() if (tmp_path / "log").exists() else ""
    assert done.returncode == 0, done.stderr[-2000:] + log[-2000:]
    assert "apt-get" in log or "Reading package lists" in log, log[-2000:]
    return done.stdout


def test_a_policy_rc_d_it_created_is_removed(tmp_path: Path) -> None:
    assert run_in_namespace(tmp_path, "rm -f /usr/sbin/policy-rc.d").strip() == "ABSENT"


def test_a_policy_rc_d_it_found_is_kept(tmp_path: Path) -> None:
    mine = "#!/bin/sh\\n# kept by the admin\\nexit 101\\n"
    prepare = f"rm -f /usr/sbin/policy-rc.d; printf '{mine}' > /usr/sbin/policy-rc.d"
    assert run_in_namespace(tmp_path, prepare) == "#!/bin/sh\n# kept by the admin\nexit 101\n"
