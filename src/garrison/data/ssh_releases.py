"""The OpenSSH releases Garrison models, as the distributions build them: each one's compiled default
algorithm lists, in the order `sshd -T` prints them.

    release_for((10, 0))  -> (SshRelease(OpenSSH 10.0, Debian 13), None)
    release_for((9, 9))   -> (OpenSSH 9.9 judged with 9.6's defaults, "OpenSSH 9.9 is not modelled: ...")
    release_for(None)     -> (REFERENCE, "the installed OpenSSH version is unknown: ...")

Sources: myproposal.h (`KEX_SERVER_KEX`, `KEX_SERVER_ENCRYPT`, `KEX_SERVER_MAC`, `KEX_DEFAULT_PK_ALG`,
`SSH_ALLOWED_CA_SIGALGS`) at the tags V_8_9_P1, V_9_2_P1, V_9_6_P1, V_10_0_P1; `sshd -T` of Debian 12
(1:9.2p1-2+deb12u*, which backports `sntrup761x25519-sha512` to the front of its key exchanges) and of
Debian 13 (1:10.0p1-7+deb13u*, in a debootstrapped chroot). 10.0 puts `mlkem768x25519-sha256` first, drops
the finite-field Diffie-Hellman exchanges from the server's defaults and moves AES-GCM before AES-CTR; 9.0
made `sntrup761x25519-sha512@openssh.com` the first key exchange; the key and MAC lists did not change.
Which algorithm names a release knows is `garrison.data.ssh.known(kind, version)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from garrison.data.ssh import DEFAULTS_9_2, AlgorithmKind, OpenSshVersion

_K, _C = AlgorithmKind.KEX, AlgorithmKind.CIPHER
_CURVE = ("curve25519-sha256", "curve25519-sha256@libssh.org")
_ECDH = ("ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521")
_FFDH = (
    "diffie-hellman-group-exchange-sha256",
    "diffie-hellman-group16-sha512",
    "diffie-hellman-group18-sha512",
    "diffie-hellman-group14-sha256",
)
_SNTRUP = "sntrup761x25519-sha512@openssh.com"
_CTR = ("aes128-ctr", "aes192-ctr", "aes256-ctr")
_GCM = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")
_CHACHA = "chacha20-poly1305@openssh.com"


def _lists(**changed: tuple[str, ...]) -> Mapping[AlgorithmKind, tuple[str, ...]]:
    """Debian 12's lists with the kinds named (`kex=...`) replaced."""
    return MappingProxyType({kind: changed.get(kind.value, names) for kind, names in DEFAULTS_9_2.items()})


@dataclass(frozen=True, slots=True)
class SshRelease:
    """One OpenSSH release as a distribution builds it. `version` is the installed one; `basis` the modelled
    release whose defaults it is judged with when that is another one (an unmodelled version)."""

    version: OpenSshVersion
    distribution: str
    defaults: Mapping[AlgorithmKind, tuple[str, ...]]
    basis: OpenSshVersion | None = None

    def __hash__(self) -> int:  # the defaults are a mapping: a release is named by its version and basis
        return hash((self.version, self.distribution, self.basis))

    @property
    def label(self) -> str:
        """`OpenSSH 9.2 (Debian 12)`; `OpenSSH 9.9 (with the defaults of 9.6, Ubuntu 24.04)`."""
        if self.basis is None:
            return f"OpenSSH {self.version} ({self.distribution})"
        return f"OpenSSH {self.version} (with the defaults of {self.basis}, {self.distribution})"


_V = OpenSshVersion
UBUNTU_22_04 = SshRelease(_V(8, 9), "Ubuntu 22.04", _lists(kex=(*_CURVE, *_ECDH, _SNTRUP, *_FFDH)))
DEBIAN_12 = SshRelease(_V(9, 2), "Debian 12", DEFAULTS_9_2)
UBUNTU_24_04 = SshRelease(_V(9, 6), "Ubuntu 24.04", _lists(kex=(_SNTRUP, *_CURVE, *_ECDH, *_FFDH)))
DEBIAN_13 = SshRelease(
    _V(10, 0),
    "Debian 13",
    _lists(
        kex=("mlkem768x25519-sha256", "sntrup761x25519-sha512", _SNTRUP, *_CURVE, *_ECDH),
        cipher=(_CHACHA, *_GCM, *_CTR),
    ),
)

#: Every modelled release, oldest first.
RELEASES: tuple[SshRelease, ...] = (UBUNTU_22_04, DEBIAN_12, UBUNTU_24_04, DEBIAN_13)
#: What an audit judges by when the installed version is unknown.
REFERENCE = DEBIAN_12


def release_for(numbers: tuple[int, ...] | None) -> tuple[SshRelease, str | None]:
    """The release to judge an installed OpenSSH (`(9, 2)` from `9.2p1`) by, and a note when it is not one
    of the modelled releases: an unknown version is judged as the reference, an unmodelled one with the
    defaults of the newest modelled release before it (the oldest one for an older version)."""
    if not numbers or len(numbers) < 2:
        return REFERENCE, f"the installed OpenSSH version is unknown: judged as {REFERENCE.label}"
    version = _V(numbers[0], numbers[1])
    for release in RELEASES:
        if release.version.release == version.release:
            return release, None
    older = [r for r in RELEASES if r.version < version]
    basis = older[-1] if older else RELEASES[0]
    approximated = SshRelease(version, basis.distribution, basis.defaults, basis.version)
    return approximated, f"OpenSSH {version} is not a modelled release: judged as {approximated.label}"
