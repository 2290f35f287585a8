"""Match criteria, pattern lists, CIDR matching, algorithm lists; consistency of the data tables."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from garrison.data.ssh import OpenSshVersion
from garrison.facts.sshd.algorithms import DEFAULTS, FAMILY_OF, SUPPORTED, WEAK, assemble, validate
from garrison.facts.sshd.defaults import DEFAULTS as SETTING_DEFAULTS
from garrison.facts.sshd.keywords import KEYWORDS
from garrison.facts.sshd.match import Connection, addr_match_list, match_pattern_list, parse_match

BOB = Connection(user="bob", host="ws1.example.org", address="10.1.2.3", local_port=2222, groups=("staff",))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("User bob", True),
        ("User=alice,bob", True),
        ("user BOB", False),
        ("User *,!bob", False),
        ("User !root", False),  # a lone negation never matches positively
        ("Host *.EXAMPLE.org", True),
        ("Address 10.0.0.0/8", True),
        ("Address 10.1.2.0/24,!10.1.2.3", False),
        ("Address 10.1.2.*", True),
        ("Address 192.0.2.0/24", False),
        ("LocalPort 2222", True),
        ("LocalPort 22", False),
        ("Group staff,admin", True),
        ("User bob Address 192.0.2.0/24", False),
        ("All", True),
        ("all # trailing comment", True),
        ("LocalAddress 10.0.0.1", False),  # not given: does not match, like sshd -T -C
    ],
)
def test_match_evaluation(line: str, expected: bool) -> None:
    criteria = parse_match(line)
    assert criteria.error is None
    assert criteria.matches(BOB) is expected


def test_global_pass_only_all_matches() -> None:
    assert parse_match("All").matches(None)
    assert not parse_match("User bob").matches(None)


@pytest.mark.parametrize("line", ["", "User", "All User x", "Bogus x", "Address 10.0.0.1/8", "LocalPort x"])
def test_bad_match_lines(line: str) -> None:
    assert parse_match(line).error is not None


def test_pattern_and_address_lists() -> None:
    assert match_pattern_list("deploy", "dep*,!root") == 1
    assert match_pattern_list("root", "*,!root") == -1
    assert addr_match_list("2001:db8::5", "2001:db8::/32") == 1
    assert addr_match_list("10.0.0.1", "10.0.0.1/8") == -2
    assert addr_match_list(None, "10.0.0.0/8") == 0


def test_assemble_modifiers() -> None:
    assert assemble("cipher", None) == DEFAULTS["cipher"]
    assert assemble("cipher", "+3des-cbc")[-1] == "3des-cbc"
    assert assemble("cipher", "^aes256-ctr")[0] == "aes256-ctr"
    assert "aes128-ctr" not in assemble("cipher", "-aes*-ctr")
    assert assemble("key", "ssh-ed25519*") == ("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com")
    assert assemble("kex", "curve25519-sha256,curve25519-sha256") == ("curve25519-sha256",)


def test_validate() -> None:
    assert validate("cipher", "aes128-ctr") is None
    assert validate("cipher", "aes*") is not None  # ciphers take no wildcards
    assert validate("cipher", "-aes*") is None
    assert validate("key", "+ssh-rsa*") is None
    assert validate("mac", "hmac-sha3") is not None


def test_tables_are_consistent() -> None:
    for family, default in DEFAULTS.items():
        assert set(default) <= set(SUPPORTED[family]), family
    for family, weak in WEAK.items():
        assert weak <= set(SUPPORTED[family]), family
        assert not weak & set(DEFAULTS[family]), f"a {family} default is listed as weak"
    for keyword in FAMILY_OF:
        assert keyword in KEYWORDS
    names = {kw.name for kw in KEYWORDS.values()}
    assert set(SETTING_DEFAULTS) <= names
    for word, kw in KEYWORDS.items():
        assert kw.name in KEYWORDS, f"{word} is an alias of an unknown keyword {kw.name}"


MAN = Path("/usr/share/man/man5/sshd_config.5.gz")


@pytest.mark.skipif(not MAN.exists(), reason="needs the sshd_config(5) man page (openssh-server)")
def test_match_allowed_keywords_follow_the_man_page() -> None:
    text = gzip.decompress(MAN.read_bytes()).decode()
    section = text.split("Only a subset of keywords", 1)[1].split(".It Cm", 1)[0]
    allowed = {w.lower() for w in re.findall(r"\.Cm (\w+)", section)} - {"match"}
    local = OpenSshVersion(9, 2)  # the installed man page is Debian 12's
    ours = {w for w, kw in KEYWORDS.items() if kw.match and w == kw.name and kw.known_in(local)} - {"match"}
    assert ours == allowed
    documented = {w.lower() for w in re.findall(r"^\.It Cm ([A-Z][A-Za-z0-9]+)$", text, re.M)}
    assert documented <= set(KEYWORDS)
