"""When the real `sshd -T` refuses a config that includes a secret, its error quotes the secret's line; what
Garrison keeps of that message (live audits) names the file:line and at most a keyword, never the line.
Needs the real sshd (openssh-server)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.sshd.dump import error_location
from garrison.model import Location

pytestmark = pytest.mark.needs_sshd

SHADOW = "root:$y$j9T$PLANTEDSALT$PLANTEDHASHvalue0123456789:19700:0:99999:7:::\n"


@pytest.mark.parametrize(
    ("config", "in_shadow"),
    [
        ("Include {d}/shadow\n", True),
        ("PermitRootLogin {hash}\n", False),
        ('Ciphers "{hash}"\n', False),
    ],
)
def test_sshd_t_refusal_keeps_the_place_not_the_secret(tmp_path: Path, config: str, in_shadow: bool) -> None:
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    if not Path(sshd).exists():
        pytest.skip("needs sshd (openssh-server)")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "hk")], check=True)
    (tmp_path / "shadow").write_text(SHADOW)
    body = config.format(d=tmp_path, hash=SHADOW.split(":")[1])
    (tmp_path / "cfg").write_text(f"HostKey {tmp_path}/hk\n{body}")
    done = subprocess.run(
        [sshd, "-T", "-f", str(tmp_path / "cfg")], capture_output=True, text=True, check=False
    )
    assert done.returncode != 0 and "PLANTED" in done.stderr, "sshd itself quotes the secret"
    message, where = error_location(done.stderr, "/etc/ssh/sshd_config")
    assert "PLANTED" not in message and "$y$" not in message, message
    expected = Location(str(tmp_path / "shadow"), 1) if in_shadow else Location(str(tmp_path / "cfg"), 2)
    assert where == expected
