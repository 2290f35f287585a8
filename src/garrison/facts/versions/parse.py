"""Pure parsers for what programs print of their own version. Each never raises; None when not recognised.

- `sshd -V` (stderr): `OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024`
- `nginx -v` (stderr): `nginx version: nginx/1.22.1`
- `systemctl --version` (stdout): `systemd 252 (252.39-1~deb12u2)`

and for the version files programs ship beside their code:
- Prosody's `prosody.version`: `0.12.3` (one line; a source checkout may say `hg:1a2b3c` or `trunk`)
- ejabberd's `ebin/ejabberd.app` (an Erlang application resource): `{vsn,"23.01-1"}`
"""

from __future__ import annotations

import re

from garrison.facts.versions.model import Program

_PATTERNS = {
    Program.OPENSSH: re.compile(r"OpenSSH_(\d+(?:\.\d+)*(?:p\d+)?)"),
    Program.NGINX: re.compile(r"nginx/(\d+(?:\.\d+)*)"),
    Program.SYSTEMD: re.compile(r"^systemd (\d+)(?: \(([^)\s]+)\))?", re.MULTILINE),
}


_FILE_PATTERNS = {
    Program.PROSODY: re.compile(r"\A\s*(\d+(?:\.\d+)+(?:[-+~][\w.+~-]*)?)\s*\Z"),
    Program.EJABBERD: re.compile(r"\{\s*vsn\s*,\s*\"(\d+(?:\.\d+)*(?:[-+~][\w.+~-]*)?)\"\s*\}"),
}


def parse_version_file(program: Program, text: str) -> tuple[str, int] | None:
    """The version a program's version file records (`0.12.3`, `23.01-1`) and its line; None when it holds
    none."""
    pattern = _FILE_PATTERNS.get(program)
    found = pattern.search(text) if pattern else None
    if found is None:
        return None
    return found.group(1), text.count("\n", 0, found.start(1)) + 1


def parse_version_banner(program: Program, text: str) -> str | None:
    """The version the program printed (`9.2p1`, `1.22.1`, `252.39-1~deb12u2`), None when absent."""
    pattern = _PATTERNS.get(program)
    found = pattern.search(text) if pattern else None
    if found is None:
        return None
    groups = [g for g in found.groups() if g]
    return groups[-1]
