"""The cipher-string expansion against the real program: `openssl ciphers` of Debian 12 (OpenSSL 3.0) must
list exactly the suites, in exactly the order, that `garrison.data.tls.expand` computes, for every string
of the corpus and a few hundred random ones; and the suite table must be the one that OpenSSL compiled in."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from cipherkit import CORPUS, random_strings
from garrison.data.tls import expand
from garrison.data.tls.model import Au, Enc, Grade, Kx, Mac
from garrison.data.tls.suites import SUITES

OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.skipif(OPENSSL is None, reason="needs the openssl program (Debian package openssl)")


def _openssl_3_0() -> bool:
    done = subprocess.run([str(OPENSSL), "version"], capture_output=True, text=True, check=False)
    return done.stdout.startswith("OpenSSL 3.0.")


def real(text: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(OPENSSL), "ciphers", *flags, "--", text], capture_output=True, text=True, check=False
    )


def real_names(text: str) -> tuple[str, ...] | None:
    """The TLS 1.2-and-older suites OpenSSL lists, None when it refuses the string."""
    done = real(text)
    if done.returncode != 0:
        return None
    names = tuple(n for n in done.stdout.strip().split(":") if n and not n.startswith("TLS_"))
    return names or None


def ours(text: str) -> tuple[str, ...] | None:
    suites = expand(text)
    return None if suites is None else tuple(s.name for s in suites)


@pytest.mark.parametrize("text", CORPUS)
def test_expansion_matches_openssl(text: str) -> None:
    if not _openssl_3_0():
        pytest.skip("the suite table is OpenSSL 3.0's")
    assert ours(text) == real_names(text)


def test_random_strings_match_openssl() -> None:
    if not _openssl_3_0():
        pytest.skip("the suite table is OpenSSL 3.0's")
    wrong = [t for t in random_strings(400, seed=8) if ours(t) != real_names(t)]
    assert not wrong, wrong[:10]


_KX = {"RSA": Kx.RSA, "DH": Kx.DHE, "ECDH": Kx.ECDHE, "PSK": Kx.PSK, "RSAPSK": Kx.RSAPSK}
_KX |= {"DHEPSK": Kx.DHEPSK, "ECDHEPSK": Kx.ECDHEPSK, "SRP": Kx.SRP}
_AU = {"RSA": Au.RSA, "DSS": Au.DSS, "ECDSA": Au.ECDSA, "None": Au.NULL, "PSK": Au.PSK, "SRP": Au.SRP}
_MAC = {"MD5": Mac.MD5, "SHA1": Mac.SHA1, "SHA256": Mac.SHA256, "SHA384": Mac.SHA384, "AEAD": Mac.AEAD}


def test_suite_table_is_openssls() -> None:
    if not _openssl_3_0():
        pytest.skip("the suite table is OpenSSL 3.0's")
    listed = {}
    for line in real("ALL:COMPLEMENTOFALL", "-V").stdout.splitlines():
        code, _, name, version, kx, au, enc, mac = line.split()
        if version != "TLSv1.3":
            high, low = code.split(",")
            listed[name] = (int(high, 16) << 8 | int(low, 16), version, kx[3:], au[3:], enc[4:], mac[4:])
    assert {s.name for s in SUITES} == set(listed)
    for s in SUITES:
        code, version, kx, au, enc, mac = listed[s.name]
        assert (s.id, s.min_tls.value, s.kx, s.au, s.mac) == (code, version, _KX[kx], _AU[au], _MAC[mac]), (
            s.name
        )
        assert (s.enc is Enc.NULL) == (enc == "None") and (s.bits == 0 or f"({s.bits})" in enc), s.name
    for alias, grade in (
        ("HIGH", Grade.HIGH),
        ("FIPS", Grade.FIPS),
        ("COMPLEMENTOFDEFAULT", Grade.NOT_DEFAULT),
    ):
        members = set(real_names(alias) or ())
        assert members == {s.name for s in SUITES if s.grade & grade}, alias


def test_names_are_unique_and_the_table_is_sorted() -> None:
    assert len({s.name for s in SUITES}) == len({s.id for s in SUITES}) == len(SUITES)
    assert [s.id for s in SUITES] == sorted(s.id for s in SUITES)
