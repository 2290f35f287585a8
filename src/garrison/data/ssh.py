"""The SSH algorithm table: every key exchange, cipher, MAC and host/user key algorithm OpenSSH 8.9 to 10.0
knows, with its verdict, the reason, and the OpenSSH releases that know it. Shared by the sshd config
rules and (later) the SSH probe: `verdict(AlgorithmKind.MAC, "hmac-md5")`, `known(kind, version)` (what one
release knows, in `ssh -Q` order). Each release's compiled default lists are in `garrison.data.ssh_releases`.

Sources: `ssh -Q cipher|mac|kex|key-sig|sig` and `sshd -T` on Debian 12 (openssh-server 1:9.2p1-2+deb12u*)
and Debian 13 (1:10.0p1-7+deb13u*, in a debootstrapped chroot) for the names, their order and the defaults;
myproposal.h at the release tags; the OpenSSH release notes (and ssh-audit's algorithm database)
for the versions; verdicts follow the release notes' deprecations (SHA-1 signatures in 8.8, DSA in 7.0,
CBC and MD5 out of the defaults since 6.7). Within a kind, records are in `ssh -Q` order: sshd expands a
wildcard (`Ciphers -*-cbc`) in that order. `sig` (CASignatureAlgorithms) is the non-certificate `key`
algorithms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import MappingProxyType

from garrison.data.verdicts import Verdict


class AlgorithmKind(StrEnum):
    KEX = "kex"
    CIPHER = "cipher"
    MAC = "mac"
    KEY = "key"  # host key / user key / certificate algorithms (HostKeyAlgorithms, PubkeyAcceptedAlgorithms)
    SIG = "sig"  # signature algorithms (CASignatureAlgorithms)


@dataclass(frozen=True, slots=True, order=True)
class OpenSshVersion:
    major: int
    minor: int
    patch: int = 0

    @classmethod
    def parse(cls, text: str) -> OpenSshVersion:
        parts = [int(p) for p in text.split(".")]
        return cls(*parts)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}" + (f".{self.patch}" if self.patch else "")

    @property
    def release(self) -> tuple[int, int]:
        """(major, minor): OpenSSH names its releases so (9.2p1 and 9.2p2 are one release)."""
        return (self.major, self.minor)


OPENSSH_9_2 = OpenSshVersion(9, 2)


@dataclass(frozen=True, slots=True)
class SshAlgorithm:
    """`introduced`: the first OpenSSH release that knows it; `removed`: the first that no longer does;
    `backport`: a distribution release that knows it before upstream does, `backported_to` its OpenSSH
    version (only that release's distribution build knows it early)."""

    kind: AlgorithmKind
    name: str
    verdict: Verdict
    reason: str
    introduced: OpenSshVersion
    removed: OpenSshVersion | None = None
    backport: str | None = None
    backported_to: OpenSshVersion | None = None

    @property
    def certificate(self) -> bool:
        return "-cert-v01@" in self.name

    def known_in(self, version: OpenSshVersion, debian: bool = True) -> bool:
        """Whether that release knows the algorithm (`debian`: with Debian's backports)."""
        if self.removed is not None and version >= self.removed:
            return False
        early = debian and self.backported_to is not None and version.release == self.backported_to.release
        return version >= self.introduced or early


_K, _C, _M, _H = AlgorithmKind.KEX, AlgorithmKind.CIPHER, AlgorithmKind.MAC, AlgorithmKind.KEY
_OK, _WEAK, _BROKEN = Verdict.OK, Verdict.WEAK, Verdict.BROKEN
_V = OpenSshVersion.parse
_DEB12U4 = "Debian 12 openssh 1:9.2p1-2+deb12u4"


def _a(
    kind: AlgorithmKind, name: str, verdict: Verdict, reason: str, since: str, gone: str = ""
) -> SshAlgorithm:
    return SshAlgorithm(kind, name, verdict, reason, _V(since), _V(gone) if gone else None)


_SHA1_SIG = "RSA signatures with SHA-1 (chosen-prefix collisions); off by default since 8.8"
_DSA = "1024-bit DSA with SHA-1; off by default since 7.0, removed in 10.0"
_CBC = "CBC mode: plaintext recovery attacks on SSH's CBC (2009); out of the defaults since 6.7"
_MD5 = "MD5-based MAC; out of the defaults since 6.7"
_TRUNC = "truncated to 96 bits; out of the defaults since 6.7"

# fmt: off
ALGORITHMS: tuple[SshAlgorithm, ...] = (
    _a(_C, "3des-cbc", _WEAK, "64-bit block (Sweet32) and CBC mode", "1.2.2"),
    _a(_C, "aes128-cbc", _WEAK, _CBC, "2.3.0"),
    _a(_C, "aes192-cbc", _WEAK, _CBC, "2.3.0"),
    _a(_C, "aes256-cbc", _WEAK, _CBC, "2.3.0"),
    _a(_C, "aes128-ctr", _OK, "AES in counter mode", "3.7"),
    _a(_C, "aes192-ctr", _OK, "AES in counter mode", "3.7"),
    _a(_C, "aes256-ctr", _OK, "AES in counter mode", "3.7"),
    _a(_C, "aes128-gcm@openssh.com", _OK, "AES-GCM (AEAD)", "6.2"),
    _a(_C, "aes256-gcm@openssh.com", _OK, "AES-GCM (AEAD)", "6.2"),
    _a(_C, "chacha20-poly1305@openssh.com", _OK, "ChaCha20-Poly1305 (AEAD), the default since 6.9", "6.5"),
    _a(_M, "hmac-sha1", _OK, "HMAC-SHA1: collisions do not weaken HMAC", "2.1.0"),
    _a(_M, "hmac-sha1-96", _WEAK, _TRUNC, "2.5.0"),
    _a(_M, "hmac-sha2-256", _OK, "HMAC-SHA2-256; encrypt-and-MAC", "5.9"),
    _a(_M, "hmac-sha2-512", _OK, "HMAC-SHA2-512; encrypt-and-MAC", "5.9"),
    _a(_M, "hmac-md5", _WEAK, _MD5, "2.1.0"),
    _a(_M, "hmac-md5-96", _WEAK, _MD5 + ", truncated to 96 bits", "2.5.0"),
    _a(_M, "umac-64@openssh.com", _OK, "UMAC with a 64-bit tag; encrypt-and-MAC", "4.7"),
    _a(_M, "umac-128@openssh.com", _OK, "UMAC with a 128-bit tag; encrypt-and-MAC", "6.2"),
    _a(_M, "hmac-sha1-etm@openssh.com", _OK, "HMAC-SHA1, encrypt-then-MAC", "6.2"),
    _a(_M, "hmac-sha1-96-etm@openssh.com", _WEAK, _TRUNC, "6.2"),
    _a(_M, "hmac-sha2-256-etm@openssh.com", _OK, "HMAC-SHA2-256, encrypt-then-MAC", "6.2"),
    _a(_M, "hmac-sha2-512-etm@openssh.com", _OK, "HMAC-SHA2-512, encrypt-then-MAC", "6.2"),
    _a(_M, "hmac-md5-etm@openssh.com", _WEAK, _MD5, "6.2"),
    _a(_M, "hmac-md5-96-etm@openssh.com", _WEAK, _MD5 + ", truncated to 96 bits", "6.2"),
    _a(_M, "umac-64-etm@openssh.com", _OK, "UMAC with a 64-bit tag, encrypt-then-MAC", "6.2"),
    _a(_M, "umac-128-etm@openssh.com", _OK, "UMAC with a 128-bit tag, encrypt-then-MAC", "6.2"),
    _a(_K, "diffie-hellman-group1-sha1", _BROKEN, "1024-bit group (Logjam), SHA-1; off since 6.9", "2.3.0"),
    _a(_K, "diffie-hellman-group14-sha1", _WEAK, "SHA-1 exchange hash; out of the defaults since 8.2", "3.9"),
    _a(_K, "diffie-hellman-group14-sha256", _OK, "2048-bit group with SHA-256", "7.3"),
    _a(_K, "diffie-hellman-group16-sha512", _OK, "4096-bit group with SHA-512", "7.3"),
    _a(_K, "diffie-hellman-group18-sha512", _OK, "8192-bit group with SHA-512", "7.3"),
    _a(_K, "diffie-hellman-group-exchange-sha1", _WEAK, "SHA-1 exchange hash; off since 6.9", "2.3.0"),
    _a(_K, "diffie-hellman-group-exchange-sha256", _OK, "groups from the moduli file, SHA-256", "4.4"),
    _a(_K, "ecdh-sha2-nistp256", _OK, "ECDH on NIST P-256", "5.7"),
    _a(_K, "ecdh-sha2-nistp384", _OK, "ECDH on NIST P-384", "5.7"),
    _a(_K, "ecdh-sha2-nistp521", _OK, "ECDH on NIST P-521", "5.7"),
    _a(_K, "curve25519-sha256", _OK, "X25519 (RFC 8731)", "7.4"),
    _a(_K, "curve25519-sha256@libssh.org", _OK, "X25519, the pre-RFC name", "6.5"),
    SshAlgorithm(
        _K, "sntrup761x25519-sha512", _OK, "post-quantum hybrid (Streamlined NTRU Prime + X25519)", _V("9.9"),
        backport=_DEB12U4, backported_to=OPENSSH_9_2,
    ),
    _a(_K, "sntrup761x25519-sha512@openssh.com", _OK, "post-quantum hybrid, the default since 9.0", "8.5"),
    _a(_K, "mlkem768x25519-sha256", _OK, "post-quantum hybrid (ML-KEM-768 + X25519), first in 10.0", "9.9"),
    _a(_H, "ssh-ed25519", _OK, "Ed25519 signatures", "6.5"),
    _a(_H, "ssh-ed25519-cert-v01@openssh.com", _OK, "Ed25519 certificates", "6.5"),
    _a(_H, "sk-ssh-ed25519@openssh.com", _OK, "Ed25519 on a FIDO security key", "8.2"),
    _a(_H, "sk-ssh-ed25519-cert-v01@openssh.com", _OK, "Ed25519 security-key certificates", "8.2"),
    _a(_H, "ecdsa-sha2-nistp256", _OK, "ECDSA on NIST P-256", "5.7"),
    _a(_H, "ecdsa-sha2-nistp256-cert-v01@openssh.com", _OK, "ECDSA P-256 certificates", "5.7"),
    _a(_H, "ecdsa-sha2-nistp384", _OK, "ECDSA on NIST P-384", "5.7"),
    _a(_H, "ecdsa-sha2-nistp384-cert-v01@openssh.com", _OK, "ECDSA P-384 certificates", "5.7"),
    _a(_H, "ecdsa-sha2-nistp521", _OK, "ECDSA on NIST P-521", "5.7"),
    _a(_H, "ecdsa-sha2-nistp521-cert-v01@openssh.com", _OK, "ECDSA P-521 certificates", "5.7"),
    _a(_H, "sk-ecdsa-sha2-nistp256@openssh.com", _OK, "ECDSA P-256 on a FIDO security key", "8.2"),
    _a(_H, "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", _OK, "ECDSA security-key certificates", "8.2"),
    _a(_H, "webauthn-sk-ecdsa-sha2-nistp256@openssh.com", _OK, "ECDSA security key with WebAuthn", "8.3"),
    _a(_H, "ssh-dss", _WEAK, _DSA, "2.1.0", "10.0"),
    _a(_H, "ssh-dss-cert-v01@openssh.com", _WEAK, _DSA, "5.6", "10.0"),
    _a(_H, "ssh-rsa", _WEAK, _SHA1_SIG, "2.5.0"),
    _a(_H, "ssh-rsa-cert-v01@openssh.com", _WEAK, _SHA1_SIG, "5.6"),
    _a(_H, "rsa-sha2-256", _OK, "RSA signatures with SHA-256 (RFC 8332)", "7.2"),
    _a(_H, "rsa-sha2-256-cert-v01@openssh.com", _OK, "RSA SHA-256 certificates", "7.8"),
    _a(_H, "rsa-sha2-512", _OK, "RSA signatures with SHA-512 (RFC 8332)", "7.2"),
    _a(_H, "rsa-sha2-512-cert-v01@openssh.com", _OK, "RSA SHA-512 certificates", "7.8"),
)
# fmt: on

#: What `sshd -T` prints with an empty configuration on Debian 12, in order.
DEFAULTS_9_2: Mapping[AlgorithmKind, tuple[str, ...]] = MappingProxyType(
    {
        _C: (
            "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr",
            "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
        ),
        _M: (
            "umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "hmac-sha2-256-etm@openssh.com",
            "hmac-sha2-512-etm@openssh.com", "hmac-sha1-etm@openssh.com", "umac-64@openssh.com",
            "umac-128@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1",
        ),
        _K: (
            "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256",
            "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
            "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256",
        ),
        _H: (
            "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "sk-ssh-ed25519-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "ssh-ed25519",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com", "rsa-sha2-512", "rsa-sha2-256",
        ),
        AlgorithmKind.SIG: (
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "rsa-sha2-512",
            "rsa-sha2-256",
        ),
    }
)  # fmt: skip

#: Host key files: the smallest RSA modulus the sshd rules accept (NIST SP 800-57: 128-bit strength).
RSA_MIN_BITS = 3072
#: A host key file's type (`ssh-keygen -t`) -> the signature algorithm that judges it.
HOST_KEY_TYPES: Mapping[str, str] = MappingProxyType({"dsa": "ssh-dss", "rsa": "rsa-sha2-512"})


@cache
def _index() -> dict[tuple[AlgorithmKind, str], SshAlgorithm]:
    table = {(a.kind, a.name): a for a in ALGORITHMS}
    table.update({(AlgorithmKind.SIG, a.name): a for a in ALGORITHMS if a.kind is _H and not a.certificate})
    return table


def algorithm(kind: AlgorithmKind, name: str) -> SshAlgorithm | None:
    return _index().get((kind, name))


def verdict(kind: AlgorithmKind, name: str) -> Verdict | None:
    """The table's verdict on an algorithm; None when the table does not know it."""
    found = algorithm(kind, name)
    return found.verdict if found else None


@cache
def known(kind: AlgorithmKind, version: OpenSshVersion = OPENSSH_9_2, debian: bool = True) -> tuple[str, ...]:
    """The names that release knows (`ssh -Q`), in its order."""
    sig = kind is AlgorithmKind.SIG
    source = AlgorithmKind.KEY if sig else kind
    return tuple(
        a.name
        for a in ALGORITHMS
        if a.kind is source and a.known_in(version, debian) and not (sig and a.certificate)
    )


@cache
def failing(kind: AlgorithmKind, version: OpenSshVersion = OPENSSH_9_2) -> frozenset[str]:
    """The names that release knows and the table fails (weak or broken)."""
    return frozenset(n for n in known(kind, version) if (v := verdict(kind, n)) is not None and v.fails)


def host_key_problem(key_type: str | None, bits: int | None) -> str | None:
    """What fails about a host key file (`a DSA key`, `RSA 2048 bits`), None when it passes."""
    if not host_key_verdict(key_type, bits).fails:
        return None
    return f"RSA {bits} bits" if key_type == "rsa" else f"a {(key_type or '').upper()} key"


def host_key_verdict(key_type: str | None, bits: int | None) -> Verdict:
    """A host key file by its type and size: DSA fails, RSA under `RSA_MIN_BITS` fails, the rest pass."""
    name = HOST_KEY_TYPES.get(key_type or "")
    if name is None:
        return Verdict.OK
    if key_type == "rsa":
        return Verdict.WEAK if bits is not None and bits < RSA_MIN_BITS else Verdict.OK
    return verdict(AlgorithmKind.KEY, name) or Verdict.OK
