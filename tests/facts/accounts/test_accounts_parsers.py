"""Unit tests for the accounts parsers: passwd/group, shadow schemes, login.defs/pwquality and PAM."""

from __future__ import annotations

import pytest

from garrison.facts.accounts.logindefs import Settings, parse_login_defs, parse_pwquality
from garrison.facts.accounts.pam import parse_pam
from garrison.facts.accounts.passwd import AccountsFacts, PasswdField, parse_group, parse_passwd
from garrison.facts.accounts.policy import (
    PasswordPolicyFacts,
    effective_min_length,
    effective_pam_method,
    login_defs_method,
)
from garrison.facts.accounts.shadow import HashScheme, classify_hash, parse_shadow
from garrison.model import Location

PASSWD = """root:x:0:0:root:/root:/bin/bash
# a comment
sync:x:4:65534:sync:/bin:/bin/sync
+nisuser::::::
alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
broken:x:1001
bob:$6$salt$hash:1002:1002::/home/bob:
carol::1003:1003::/home/carol:/usr/sbin/nologin
"""


def test_parse_passwd_entries_and_issues() -> None:
    users, issues = parse_passwd(PASSWD, "/etc/passwd")
    assert [u.name for u in users] == ["root", "sync", "alice", "bob", "carol"]
    assert users[2].location == Location("/etc/passwd", 5)
    assert not users[1].login_shell and users[0].login_shell
    assert users[3].passwd_field is PasswdField.HASH and users[3].login_shell  # empty shell is /bin/sh
    assert users[4].passwd_field is PasswdField.EMPTY and not users[4].login_shell
    assert [(i.location.line, "7 colon" in i.message) for i in issues] == [(6, True)]
    assert all("salt" not in repr(u) for u in users)  # the hash is never kept


def test_parse_group_and_members() -> None:
    groups, issues = parse_group("sudo:x:27:alice, bob\nalice:x:1000:\nbad:x:zz:\n", "/etc/group")
    assert groups[0].members == ("alice", "bob")
    assert issues[0].location.line == 3
    users, _ = parse_passwd("alice:x:1000:1000::/home/alice:/bin/bash\ndave:x:1001:27::/:/bin/sh\n")
    facts = AccountsFacts(users, groups)
    assert facts.members_of("sudo") == ("alice", "bob", "dave")
    assert facts.members_of("nosuch") == ()


@pytest.mark.parametrize(
    ("field", "scheme", "locked"),
    [
        ("", HashScheme.EMPTY, False),
        ("*", HashScheme.NONE, True),
        ("!", HashScheme.NONE, True),
        ("!*", HashScheme.NONE, True),
        ("$y$j9T$abc$def", HashScheme.YESCRYPT, False),
        ("!$y$j9T$abc$def", HashScheme.YESCRYPT, True),
        ("$6$salt$x", HashScheme.SHA512, False),
        ("$5$salt$x", HashScheme.SHA256, False),
        ("$1$salt$x", HashScheme.MD5, False),
        ("$2b$10$abcdefghijklmnopqrstuv", HashScheme.BCRYPT, False),
        ("abJnggxhB/yWI", HashScheme.DES, False),
        ("_J9..CCCCXBrJUJV154M", HashScheme.BSDI, False),
        ("not a hash!", HashScheme.UNKNOWN, True),
    ],
)
def test_classify_hash(field: str, scheme: HashScheme, locked: bool) -> None:
    assert classify_hash(field) == (scheme, locked)


def test_parse_shadow() -> None:
    facts, issues = parse_shadow("root:*:19700:0:99999:7:::\nalice:$1$a$b:19700:0:90:7::20000:\nshort:x\n")
    alice = facts.entry("alice")
    assert alice is not None and alice.scheme is HashScheme.MD5 and alice.max_days == 90
    assert alice.expire_day == 20000 and alice.usable_password
    assert issues[0].location.line == 3 and "$1$" not in issues[0].message


def test_login_defs_last_wins_and_quotes() -> None:
    settings, issues = parse_login_defs('ENCRYPT_METHOD SHA512\n# c\nENCRYPT_METHOD "YESCRYPT"\nLONELY\n')
    found = settings.get("ENCRYPT_METHOD")
    assert found is not None and found.value == "YESCRYPT" and found.location.line == 3
    assert issues[0].location.line == 4


def test_pwquality_flags_and_values() -> None:
    settings, issues = parse_pwquality("minlen = 14\nenforce_for_root\n  dcredit=-1\nbad key = 1\n")
    assert settings.get("minlen").value == "14"  # type: ignore[union-attr]
    assert settings.get("enforce_for_root").value == ""  # type: ignore[union-attr]
    assert settings.get("dcredit").value == "-1"  # type: ignore[union-attr]
    assert issues[0].location.line == 4


def test_parse_pam_brackets_includes_and_continuations() -> None:
    text = (
        "password [success=1 default=ignore] pam_unix.so obscure yescrypt # comment\n"
        "-password optional pam_gnome_keyring.so\n"
        "@include common-password\n"
        "password requisite pam_pwquality.so \\\n  retry=3 minlen=12\n"
        "password required pam_exec.so [arg with spaces]\n"
        "nonsense line\n"
    )
    lines, issues = parse_pam(text, "/etc/pam.d/x")
    assert lines[0].control == "[success=1 default=ignore]" and lines[0].args == ("obscure", "yescrypt")
    assert lines[1].module_name == "pam_gnome_keyring"
    assert lines[2].includes and lines[2].module == "common-password"
    assert lines[3].option("minlen") == "12" and lines[3].location.line == 4
    assert lines[4].args == ("[arg with spaces]",)
    assert issues[0].location.line == 7


def _policy(pam: str, pwquality: str = "", login_defs: str = "") -> PasswordPolicyFacts:
    stack, _ = parse_pam(pam, "/etc/pam.d/common-password")
    quality, _ = parse_pwquality(pwquality, "/etc/security/pwquality.conf")
    defs, _ = parse_login_defs(login_defs, "/etc/login.defs")
    return PasswordPolicyFacts(
        stack, "/etc/pam.d/common-password", quality, "/etc/security/pwquality.conf", defs, bool(login_defs)
    )


PWQ = "password requisite pam_pwquality.so\npassword required pam_unix.so"


@pytest.mark.parametrize(
    ("pam", "conf", "length"),
    [
        ("password required pam_unix.so yescrypt", "", 6),
        ("password required pam_unix.so minlen=10", "", 10),
        ("password requisite pam_pwquality.so\npassword required pam_unix.so", "", 8),
        ("password requisite pam_pwquality.so\npassword required pam_unix.so", "minlen = 3", 6),
        ("password requisite pam_pwquality.so minlen=15\npassword required pam_unix.so", "minlen = 12", 15),
        (
            "password requisite pam_pwquality.so\npassword required pam_unix.so",
            "minlen = 12\ndcredit = 1",
            11,
        ),
        (
            "password requisite pam_pwquality.so\npassword required pam_unix.so",
            "minlen = 12\ndcredit = -1",
            12,
        ),
        ("password optional pam_pwquality.so minlen=20\npassword required pam_unix.so", "", 6),
        ("password requisite pam_cracklib.so\npassword required pam_unix.so", "minlen = 20", 6),
        ("password requisite pam_cracklib.so minlen=16\npassword required pam_unix.so", "", 12),
        ("password requisite pam_cracklib.so minlen=16 dcredit=0 ucredit=0 lcredit=0 ocredit=0", "", 16),
    ],
)
def test_effective_min_length(pam: str, conf: str, length: int) -> None:
    assert effective_min_length(_policy(pam, conf)).effective.value == str(length)


def test_hashing_method_precedence() -> None:
    assert effective_pam_method(_policy("password required pam_unix.so sha512")).effective.value == "sha512"
    fallback = _policy("password required pam_unix.so obscure", login_defs="ENCRYPT_METHOD YESCRYPT\n")
    assert effective_pam_method(fallback).effective.value == "yescrypt"
    unset = login_defs_method(_policy("", login_defs="UMASK 022\n"))
    assert unset.effective.value == "des" and unset.effective.line is None
    md5 = login_defs_method(_policy("", login_defs="MD5_CRYPT_ENAB yes\n"))
    assert md5.effective.value == "md5"
    assert Settings().get("x") is None
