"""What a host key file is: its algorithm and size, read from the public half (`<key>.pub`), falling back to
the private file's header only for the algorithm. Uses the `cryptography` library, imported lazily.
Private key material is never returned or logged."""

from __future__ import annotations

from garrison.facts.quoting import shown

_KINDS = {
    "ssh-rsa": "rsa",
    "ssh-dss": "dsa",
    "ssh-ed25519": "ed25519",
    "ssh-ed448": "ed448",
    "sk-ssh-ed25519@openssh.com": "ed25519-sk",
    "sk-ecdsa-sha2-nistp256@openssh.com": "ecdsa-sk",
    "ecdsa-sha2-nistp256": "ecdsa",
    "ecdsa-sha2-nistp384": "ecdsa",
    "ecdsa-sha2-nistp521": "ecdsa",
}
_PEM_KINDS = {"RSA": "rsa", "DSA": "dsa", "EC": "ecdsa"}


def describe_public_key(text: str) -> tuple[str | None, int | None, str | None]:
    """(kind, bits, problem) of an OpenSSH public key line. Pure, never raises."""
    words = text.split()
    if len(words) < 2:
        return None, None, "public key file is not in OpenSSH format"
    kind = _KINDS.get(words[0])
    if kind is None:
        return None, None, f"unknown public key type {shown(words[0])!r}"
    if kind in ("ed25519", "ed25519-sk"):
        return kind, 256, None
    if kind == "ed448":
        return kind, 456, None
    try:
        from cryptography.hazmat.primitives.serialization import load_ssh_public_key

        key = load_ssh_public_key(f"{words[0]} {words[1]}".encode())
    except (ValueError, TypeError) as exc:
        return kind, None, f"cannot decode public key: {type(exc).__name__}"
    except Exception as exc:  # cryptography raises UnsupportedAlgorithm for DSA on some builds
        return kind, None, f"cannot decode public key: {type(exc).__name__}"
    bits = getattr(key, "key_size", None)
    if bits is None:
        curve = getattr(key, "curve", None)
        bits = getattr(curve, "key_size", None)
    return kind, bits, None


def kind_from_private_header(head: str) -> str | None:
    """The algorithm named by a PEM private key header (`-----BEGIN RSA PRIVATE KEY-----`), if any."""
    for label, kind in _PEM_KINDS.items():
        if f"BEGIN {label} PRIVATE KEY" in head:
            return kind
    return None
