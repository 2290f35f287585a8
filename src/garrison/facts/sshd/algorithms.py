"""Algorithm lists of OpenSSH 9.2p1 (Debian 12): what sshd supports, what it offers by default, and how a
configured list with `+`, `-` or `^` and wildcards becomes the effective list (kex.c `kex_assemble_names`).

Source of truth: `ssh -Q cipher|mac|kex|key-sig|sig` and `sshd -T` with an empty config on Debian 12
(openssh-server 1:9.2p1-2+deb12u*). The weak sets follow the OpenSSH release notes and ssh-audit's table.
"""

from __future__ import annotations

from collections.abc import Sequence

from garrison.facts.quoting import shown
from garrison.facts.sshd.match import match_pattern


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SUPPORTED: dict[str, tuple[str, ...]] = {
    "cipher": _split(
        "3des-cbc aes128-cbc aes192-cbc aes256-cbc aes128-ctr aes192-ctr aes256-ctr aes128-gcm@openssh.com "
        "aes256-gcm@openssh.com chacha20-poly1305@openssh.com"
    ),
    "mac": _split(
        "hmac-sha1 hmac-sha1-96 hmac-sha2-256 hmac-sha2-512 hmac-md5 hmac-md5-96 umac-64@openssh.com "
        "umac-128@openssh.com hmac-sha1-etm@openssh.com hmac-sha1-96-etm@openssh.com "
        "hmac-sha2-256-etm@openssh.com hmac-sha2-512-etm@openssh.com hmac-md5-etm@openssh.com "
        "hmac-md5-96-etm@openssh.com umac-64-etm@openssh.com umac-128-etm@openssh.com"
    ),
    "kex": _split(
        "diffie-hellman-group1-sha1 diffie-hellman-group14-sha1 diffie-hellman-group14-sha256 "
        "diffie-hellman-group16-sha512 diffie-hellman-group18-sha512 diffie-hellman-group-exchange-sha1 "
        "diffie-hellman-group-exchange-sha256 ecdh-sha2-nistp256 ecdh-sha2-nistp384 ecdh-sha2-nistp521 "
        "curve25519-sha256 curve25519-sha256@libssh.org sntrup761x25519-sha512 "
        "sntrup761x25519-sha512@openssh.com"
    ),
    "key": _split(
        "ssh-ed25519 ssh-ed25519-cert-v01@openssh.com sk-ssh-ed25519@openssh.com "
        "sk-ssh-ed25519-cert-v01@openssh.com ecdsa-sha2-nistp256 ecdsa-sha2-nistp256-cert-v01@openssh.com "
        "ecdsa-sha2-nistp384 ecdsa-sha2-nistp384-cert-v01@openssh.com ecdsa-sha2-nistp521 "
        "ecdsa-sha2-nistp521-cert-v01@openssh.com sk-ecdsa-sha2-nistp256@openssh.com "
        "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com webauthn-sk-ecdsa-sha2-nistp256@openssh.com ssh-dss "
        "ssh-dss-cert-v01@openssh.com ssh-rsa ssh-rsa-cert-v01@openssh.com rsa-sha2-256 "
        "rsa-sha2-256-cert-v01@openssh.com rsa-sha2-512 rsa-sha2-512-cert-v01@openssh.com"
    ),
    "sig": _split(
        "ssh-ed25519 sk-ssh-ed25519@openssh.com ecdsa-sha2-nistp256 ecdsa-sha2-nistp384 ecdsa-sha2-nistp521 "
        "sk-ecdsa-sha2-nistp256@openssh.com webauthn-sk-ecdsa-sha2-nistp256@openssh.com ssh-dss ssh-rsa "
        "rsa-sha2-256 rsa-sha2-512"
    ),
}

_DEFAULT_KEYS = (
    "ssh-ed25519-cert-v01@openssh.com ecdsa-sha2-nistp256-cert-v01@openssh.com "
    "ecdsa-sha2-nistp384-cert-v01@openssh.com ecdsa-sha2-nistp521-cert-v01@openssh.com "
    "sk-ssh-ed25519-cert-v01@openssh.com sk-ecdsa-sha2-nistp256-cert-v01@openssh.com "
    "rsa-sha2-512-cert-v01@openssh.com rsa-sha2-256-cert-v01@openssh.com ssh-ed25519 ecdsa-sha2-nistp256 "
    "ecdsa-sha2-nistp384 ecdsa-sha2-nistp521 sk-ssh-ed25519@openssh.com sk-ecdsa-sha2-nistp256@openssh.com "
    "rsa-sha2-512 rsa-sha2-256"
)

DEFAULTS: dict[str, tuple[str, ...]] = {
    "cipher": _split(
        "chacha20-poly1305@openssh.com aes128-ctr aes192-ctr aes256-ctr aes128-gcm@openssh.com "
        "aes256-gcm@openssh.com"
    ),
    "mac": _split(
        "umac-64-etm@openssh.com umac-128-etm@openssh.com hmac-sha2-256-etm@openssh.com "
        "hmac-sha2-512-etm@openssh.com hmac-sha1-etm@openssh.com umac-64@openssh.com umac-128@openssh.com "
        "hmac-sha2-256 hmac-sha2-512 hmac-sha1"
    ),
    "kex": _split(
        "sntrup761x25519-sha512 sntrup761x25519-sha512@openssh.com curve25519-sha256 "
        "curve25519-sha256@libssh.org ecdh-sha2-nistp256 ecdh-sha2-nistp384 ecdh-sha2-nistp521 "
        "diffie-hellman-group-exchange-sha256 diffie-hellman-group16-sha512 diffie-hellman-group18-sha512 "
        "diffie-hellman-group14-sha256"
    ),
    "key": _split(_DEFAULT_KEYS),
    "sig": _split(
        "ssh-ed25519 ecdsa-sha2-nistp256 ecdsa-sha2-nistp384 ecdsa-sha2-nistp521 sk-ssh-ed25519@openssh.com "
        "sk-ecdsa-sha2-nistp256@openssh.com rsa-sha2-512 rsa-sha2-256"
    ),
}

#: Keyword -> algorithm family.
FAMILY_OF = {
    "ciphers": "cipher",
    "macs": "mac",
    "kexalgorithms": "kex",
    "hostkeyalgorithms": "key",
    "hostbasedacceptedalgorithms": "key",
    "pubkeyacceptedalgorithms": "key",
    "casignaturealgorithms": "sig",
}

#: Algorithms considered weak (broken, or below today's margins), by family.
WEAK: dict[str, frozenset[str]] = {
    "cipher": frozenset(["3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc"]),
    "mac": frozenset(
        [
            "hmac-md5",
            "hmac-md5-96",
            "hmac-sha1-96",
            "hmac-md5-etm@openssh.com",
            "hmac-md5-96-etm@openssh.com",
            "hmac-sha1-96-etm@openssh.com",
        ]
    ),
    "kex": frozenset(
        ["diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1"]
    ),
    "key": frozenset(["ssh-dss", "ssh-dss-cert-v01@openssh.com", "ssh-rsa", "ssh-rsa-cert-v01@openssh.com"]),
}


def validate(family: str, value: str) -> str | None:
    """sshd's parse-time check of an algorithm list; the error text, or None when it is acceptable."""
    if value.startswith("-"):
        return None
    names = value[1:] if value[:1] in "+^" else value
    supported = SUPPORTED[family]
    for name in names.split(","):
        if family in ("key", "sig"):
            if name and any(match_pattern(s, name) for s in supported):
                continue
        elif name in supported:
            continue
        return f"unsupported algorithm {shown(name)!r}"
    return None


def _cat(first: Sequence[str], second: Sequence[str]) -> list[str]:
    out = list(first)
    out.extend(name for name in second if name not in out)
    return out


def assemble(family: str, value: str | None) -> tuple[str, ...]:
    """The effective list for a configured value (None = the default), as `kex_assemble_names` builds it."""
    default = DEFAULTS[family]
    if not value:
        return default
    supported = SUPPORTED[family]
    if value.startswith("-"):
        removed = value[1:].split(",")
        return tuple(n for n in default if not any(match_pattern(n, p) for p in removed))
    if value.startswith("+"):
        wanted = _cat(default, value[1:].split(","))
    elif value.startswith("^"):
        wanted = _cat(value[1:].split(","), default)
    else:
        wanted = value.split(",")
    result: list[str] = []
    for pattern in wanted:
        if not pattern:
            break
        result.extend(n for n in supported if match_pattern(n, pattern) and n not in result)
    return tuple(result)
