"""Key, curve, DH group and signature-hash policy of the TLS material pack (certificates and keys on disk).

Sources: CA/Browser Forum baseline requirements (RSA 2048 minimum), NIST SP 800-57 (2048 until 2030, 3072+
after), the guides' preference for 4096-bit RSA and P-384, Logjam (DH under 2048 bits), SHAttered and the
2008 rogue CA (SHA-1 and MD5 signatures). Curves are named as OpenSSL / `cryptography` name them.
"""

from __future__ import annotations

from garrison.data.verdicts import Rated, Verdict, by_name

RSA_MIN_BITS = 2048
RSA_PREFERRED_BITS = 4096
DH_MIN_BITS = 2048
DH_PREFERRED_BITS = 4096


CURVES: dict[str, Rated[str]] = by_name(
    Rated("secp256r1", Verdict.OK, "P-256: accepted by every client"),
    Rated("secp384r1", Verdict.PREFERRED, "P-384: the guides' choice for new keys"),
    Rated("secp521r1", Verdict.WEAK, "P-521: refused by many browsers and XMPP clients"),
    Rated("secp224r1", Verdict.WEAK, "P-224: below 112-bit strength margins"),
    Rated("secp192r1", Verdict.BROKEN, "P-192: 96-bit strength"),
)
#: A curve not in the table (brainpool, secp256k1, ...) fails: clients do not accept it for TLS.
UNKNOWN_CURVE = Verdict.WEAK

SIGNATURE_HASHES: dict[str, Rated[str]] = by_name(
    Rated("md5", Verdict.BROKEN, "MD5 signatures are forged by collision (the 2008 rogue CA)"),
    Rated("sha1", Verdict.BROKEN, "SHA-1 signatures are forged by chosen-prefix collision (SHAttered)"),
)


def curve_verdict(curve: str) -> Verdict:
    rated = CURVES.get(curve)
    return rated.verdict if rated else UNKNOWN_CURVE


def signature_verdict(hash_name: str | None) -> Verdict:
    """None (no hash: Ed25519) and every SHA-2/SHA-3 hash pass."""
    rated = SIGNATURE_HASHES.get(hash_name or "")
    return rated.verdict if rated else Verdict.OK
