"""The TLS policy: protocol versions, cipher suites and families, cipher strings, keys and curves.

Public face: `Protocol`, `protocol_named`, `floor_passes`; `judge_cipher_list(text) -> CipherListVerdict`
(and `expand` for the raw OpenSSL expansion); `CipherFamily`, `FAMILIES`, `SuiteWeakness`; the key policy
(`RSA_MIN_BITS`, `curve_verdict`, `signature_verdict`, ...). Modules: protocols, model (suite vocabulary),
suites (OpenSSL 3.0's table), aliases and cipherstring (the cipher-string language), families, policy, keys.
"""

from garrison.data.tls.cipherstring import expand
from garrison.data.tls.families import FAMILIES, WEAKNESSES, CipherFamily, FamilyPolicy, SuiteWeakness
from garrison.data.tls.keys import (
    DH_MIN_BITS,
    DH_PREFERRED_BITS,
    RSA_MIN_BITS,
    RSA_PREFERRED_BITS,
    curve_verdict,
    signature_verdict,
)
from garrison.data.tls.model import CipherSuite
from garrison.data.tls.policy import CipherListVerdict, judge_cipher_list
from garrison.data.tls.protocols import PROTOCOLS, Protocol, floor_passes, protocol_named

__all__ = [
    "DH_MIN_BITS",
    "DH_PREFERRED_BITS",
    "FAMILIES",
    "PROTOCOLS",
    "RSA_MIN_BITS",
    "RSA_PREFERRED_BITS",
    "WEAKNESSES",
    "CipherFamily",
    "CipherListVerdict",
    "CipherSuite",
    "FamilyPolicy",
    "Protocol",
    "SuiteWeakness",
    "curve_verdict",
    "expand",
    "floor_passes",
    "judge_cipher_list",
    "protocol_named",
    "signature_verdict",
]
