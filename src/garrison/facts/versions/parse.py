"""Pure parsers for what programs print of their own version. Each never raises; None when not recognised.

- `sshd -V` (stderr): `OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024`
- `nginx -v` (stderr): `nginx version: nginx/1.22.1`
- `systemctl --version` (stdout): `systemd 252 (252.39-1~deb12u2)`
"""

from __future__ import annotations

import re

from garrison.facts.versions.model import Program

_PATTERNS = {
    Program.OPENSSH: re.compile(r"OpenSSH_(\d+(?:\.\d+)*(?:p\d+)?)"),
    Program.NGINX: re.compile(r"nginx/(\d+(?:\.\d+)*)"),
    Program.SYSTEMD: re.compile(r"^systemd (\d+)(?: \(([^)\s]+)\))?", re.MULTILINE),
}


def parse_version_banner(program: Program, text: str) -> str | None:
    """The version the program printed (`9.2p1`, `1.22.1`, `252.39-1~deb12u2`), None when absent."""
    pattern = _PATTERNS.get(program)
    found = pattern.search(text) if pattern else None
    if found is None:
        return None
    groups = [g for g in found.groups() if g]
    return groups[-1]
