"""Which journald.conf / timesyncd.conf / journal-upload.conf files Garrison reads, and in what order,
against systemd's own answer: `systemd-analyze --root=<tmp> cat-config systemd/<name>` (systemd 252). The
main file, drop-ins spread over /etc, /run, /usr/local/lib and /usr/lib, a name in /etc hiding the same name
below, and a drop-in masked by a link to /dev/null (cat-config prints it with no content; Garrison skips it).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.logging.gather import conf_files
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.needs_systemd_analyze

BODY = "[Journal]\nStorage=persistent\n"

LAYOUTS: dict[str, dict[str, str | None]] = {
    "main-only": {"etc/systemd/journald.conf": BODY},
    "etc-hides-usr": {
        "etc/systemd/journald.conf": BODY,
        "usr/lib/systemd/journald.conf.d/50-x.conf": BODY,
        "etc/systemd/journald.conf.d/50-x.conf": BODY,
        "usr/lib/systemd/journald.conf.d/10-vendor.conf": BODY,
        "run/systemd/journald.conf.d/99-late.conf": BODY,
        "usr/local/lib/systemd/journald.conf.d/60-local.conf": BODY,
    },
    "masked-vendor": {
        "etc/systemd/journald.conf": BODY,
        "usr/lib/systemd/journald.conf.d/20-vendor.conf": BODY,
        "etc/systemd/journald.conf.d/20-vendor.conf": None,  # -> /dev/null
        "etc/systemd/journald.conf.d/30-site.conf": BODY,
        "etc/systemd/journald.conf.d/README": "not a .conf file\n",
    },
    "no-main": {
        "run/systemd/journald.conf.d/10-a.conf": BODY,
        "usr/lib/systemd/journald.conf.d/10-a.conf": BODY,
    },
    "run-hides-usr": {
        "etc/systemd/journald.conf": BODY,
        "run/systemd/journald.conf.d/40-r.conf": BODY,
        "usr/lib/systemd/journald.conf.d/40-r.conf": BODY,
    },
}


def _write(root: Path, files: dict[str, str | None], name: str = "journald.conf") -> None:
    for rel, text in files.items():
        path = root / rel.replace("journald.conf", name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            path.symlink_to("/dev/null")
        else:
            path.write_text(text)


def _systemd_order(root: Path, name: str = "journald.conf") -> list[str]:
    """The files cat-config prints with content (a masked drop-in is printed empty)."""
    out = subprocess.run(
        ["systemd-analyze", f"--root={root}", "cat-config", f"systemd/{name}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    files: list[str] = []
    current, content = "", False
    for line in [*out.splitlines(), "# END"]:
        if line.startswith(f"# {root}/") or line == "# END":
            if current and content:
                files.append(current)
            current, content = line[2 + len(str(root)) :], False
        elif line.strip():
            content = True
    return files


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize("name", ["journald.conf", "timesyncd.conf", "journal-upload.conf"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_file_order_matches_cat_config(layout: str, name: str, tmp_path: Path) -> None:
    _write(tmp_path, LAYOUTS[layout], name)
    assert conf_files(RootDirTarget(str(tmp_path)), name) == _systemd_order(tmp_path, name)
