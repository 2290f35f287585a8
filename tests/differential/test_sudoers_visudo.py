"""Differential: Garrison's sudoers parser accepts exactly what `visudo -c` accepts.

One known, deliberate difference: an unknown `Defaults` option makes visudo fail, while Garrison keeps
parsing (sudo itself only warns about it at run time), so the rules still judge the grants.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.accounts.sudoers import parse_sudoers

pytestmark = pytest.mark.needs_visudo

VALID = [
    "root ALL=(ALL:ALL) ALL",
    "alice ALL=(ALL) NOPASSWD: ALL",
    "%sudo ALL=(ALL:ALL) ALL",
    "Defaults env_reset\nDefaults mail_badpass",
    "Defaults:alice !authenticate",
    "Defaults:%sudo timestamp_timeout=0",
    'Defaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"',
    "User_Alias ADMINS = alice, bob\nADMINS ALL=(ALL) ALL",
    "Cmnd_Alias SHELLS = /bin/sh, /bin/bash\nalice ALL = NOPASSWD: SHELLS",
    "Host_Alias WEB = web1, web2\nalice WEB = ALL",
    "alice ALL=(ALL) NOPASSWD: /usr/bin/systemctl restart nginx",
    "bob host1,host2=(root) /bin/ls",
    "alice ALL=(ALL) NOPASSWD:ALL, PASSWD: /bin/kill",
    "%admin ALL=(ALL) ALL # trailing comment",
    "alice ALL=(ALL) ALL \\\n    , /bin/ls",
    "alice ALL=(ALL) NOEXEC: /usr/bin/vi",
    "@includedir /etc/sudoers.d\n#includedir /etc/sudoers.d",
    "# only a comment\n\n",
    # quotes: a command's arguments take them literally; a string may hold `#` and end a continued line
    'alice ALL=(ALL) /bin/echo "hi',
    'alice ALL=(ALL) /bin/echo hi"',
    'alice ALL=(ALL) /bin/echo "a # b"',
    'Cmnd_Alias SAY = /bin/echo "x, /bin/true\nalice ALL = SAY',
    'Defaults passprompt="Password # for %u: "',
    'Defaults secure_path="/usr/bin \\\n    :/sbin"',
    "Defaults badpass_message='Sorry",
    '"alice" ALL=(ALL) ALL',
    '@include "/etc/sudoers"',
]
INVALID = [
    "this is not sudoers",
    "alice ALL=",
    "alice ALL=(ALL ALL",
    # unterminated strings (sudo: "unexpected line break in string")
    'Defaults secure_path="/usr/local/bin:/usr/bin',
    'Defaults env_keep += "LANG LC_*',
    'Defaults:alice lecture_file="/etc/lecture',
    'Defaults secure_path=/usr/bin"',
    'Defaults secure_path="/usr/bin\\"',
    'Defaults secure_path="/usr/bin\nroot ALL=(ALL) ALL"',
    'User_Alias ADMINS = "alice\nADMINS ALL=(ALL) ALL',
    '"alice ALL=(ALL) ALL',
    'alice "ALL=(ALL) ALL',
    '@include "/etc/sudoers.d/x',
]
DIVERGENT = ["Defaults foo_unknown_option"]


def visudo_accepts(tmp_path: Path, text: str) -> bool:
    path = tmp_path / "sudoers"
    path.write_text(text + "\n")
    done = subprocess.run(
        ["visudo", "-c", "-q", "-f", str(path)], capture_output=True, timeout=30, check=False
    )
    return done.returncode == 0


@pytest.mark.parametrize("text", VALID + INVALID + DIVERGENT)
def test_same_verdict_as_visudo(tmp_path: Path, text: str) -> None:
    if shutil.which("visudo") is None:
        pytest.skip("needs visudo (Debian package sudo)")
    _, issues = parse_sudoers(text + "\n", "/etc/sudoers")
    accepted = visudo_accepts(tmp_path, text)
    assert accepted == (text in VALID), "the case list is out of step with visudo"
    if text in DIVERGENT:
        assert not issues
    else:
        assert (not issues) == accepted, issues
