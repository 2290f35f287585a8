"""Hostile fixture trees built at test time: names and values an attacker who controls an image would choose.

Git cannot hold most of these (escape sequences and invalid UTF-8 in file names, modes), so tests build them
in `tmp_path` with the helpers here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: A file name that would clear the screen, retitle the terminal and forge a PASS line if printed raw.
FORGING_NAME = "evil\x1b[2J\x1b]0;pwned\x07\n  PASS     ssh.fake  all good"
#: A file name that is not UTF-8 (Latin-1 "café"), as bytes.
LATIN1_NAME = b"caf\xe9"


def system_root(root: Path) -> Path:
    """The least a root needs to count as a system (`garrison.targets.spec.SYSTEM_MARKERS`)."""
    (root / "etc").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "os-release").write_text('ID=debian\nVERSION_ID="12"\n')
    (root / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (root / "etc" / "group").write_text("root:x:0:\n")
    return root


def write(root: Path, relative: str, text: str | bytes, mode: int | None = None) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    if mode is not None:
        path.chmod(mode)
    return path


def world_writable(directory: Path, name: str | bytes) -> None:
    """A 0666 file named `name` (bytes for names that are not UTF-8) in `directory`."""
    raw = os.path.join(os.fsencode(directory), name if isinstance(name, bytes) else os.fsencode(name))
    with open(raw, "wb"):
        pass
    os.chmod(raw, 0o666)


def run_garrison(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    """`python -m garrison ARGS` from this checkout, output as bytes."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "garrison", *args], env=full_env, timeout=120, check=False, **streams
    )


#: Run as root but without the capabilities that bypass file permissions: every permission check then
#: happens as for an ordinary user, while the interpreter under /root stays usable. (As a real non-root
#: user the test interpreter itself may be out of reach.)
_DROP_DAC = ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--")


def can_run_unprivileged() -> bool:
    import shutil

    return os.geteuid() != 0 or shutil.which("setpriv") is not None


def run_unprivileged(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """`garrison ARGS` with file permissions enforced (see `_DROP_DAC`); as a non-root user, just run it."""
    prefix = _DROP_DAC if os.geteuid() == 0 else ()
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "garrison", *args],
        env=full_env,
        capture_output=True,
        timeout=120,
        check=False,
    )
