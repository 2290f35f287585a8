"""Unit tests of the sshd_config lexer, parser and value checks (OpenSSH 9.2p1 grammar)."""

from __future__ import annotations

import pytest

from garrison.facts.sshd.lexer import argv_split, split_line, strdelim
from garrison.facts.sshd.parse import parse_sshd_config
from garrison.facts.sshd.values import convtime
from garrison.model import Location


@pytest.mark.parametrize(
    ("line", "keyword", "args"),
    [
        ("Port 22", "Port", ("22",)),
        ("Port=22", "Port", ("22",)),
        ("Port = 22", "Port", ("22",)),
        ("  Port\t22  ", "Port", ("22",)),
        ("AcceptEnv LANG LC_* # locale", "AcceptEnv", ("LANG", "LC_*")),
        ('Banner "/etc/issue net"', "Banner", ("/etc/issue net",)),
        ("Banner '/etc/a b'", "Banner", ("/etc/a b",)),
        (r"ForceCommand /bin/echo a\ b", "ForceCommand", ("/bin/echo", "a b")),
        ("MaxAuthTries 3#no-comment", "MaxAuthTries", ("3#no-comment",)),
    ],
)
def test_split_line(line: str, keyword: str, args: tuple[str, ...]) -> None:
    split = split_line(line)
    assert split.keyword == keyword
    assert split.args == args
    assert split.error is None


@pytest.mark.parametrize("line", ["", "   ", "# Port 22", "\t#PermitRootLogin yes", "\f"])
def test_blank_and_comment_lines(line: str) -> None:
    assert split_line(line).keyword is None


def test_errors_of_the_lexer() -> None:
    assert split_line("PasswordAuthentication").error is not None
    assert split_line('Banner "/etc/issue').error == "invalid quotes"


def test_strdelim_one_equals_only() -> None:
    assert strdelim("Port==22") == ("Port", "=22")
    assert argv_split("a 'b c' \"d\"") == (("a", "b c", "d"), None)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("2m", 120), ("1h30m", 5400), ("1w", 604800), ("5M", 300), ("0", 0), ("1m1s", 61)],
)
def test_convtime(text: str, seconds: int) -> None:
    assert convtime(text) == seconds


@pytest.mark.parametrize("text", ["", "2x", "-1", "m", "1.5m", "99999999999"])
def test_convtime_rejects(text: str) -> None:
    assert convtime(text) is None


def test_parse_normalises_values() -> None:
    text = (
        "permitrootlogin Prohibit-Password\nX11FORWARDING=YES\nLoginGraceTime 1m\nLogLevel verbose\n"
        "Compression delayed\nAllowTcpForwarding all\nChallengeResponseAuthentication no\nProtocol 2\n"
    )
    parsed, issues = parse_sshd_config(text, "/etc/ssh/sshd_config")
    assert issues == ()
    got = {d.keyword: d.values for d in parsed.directives}
    assert got["permitrootlogin"] == ("without-password",)
    assert got["x11forwarding"] == ("yes",)
    assert got["logingracetime"] == ("60",)
    assert got["loglevel"] == ("VERBOSE",)
    assert got["compression"] == ("yes",)
    assert got["allowtcpforwarding"] == ("yes",)
    assert got["kbdinteractiveauthentication"] == ("no",)
    assert parsed.directives[1].location == Location("/etc/ssh/sshd_config", 2)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("Port 22\nPasswordAuthenticaton no\n", 2, "Bad configuration option"),
        ("PermitRootLogin maybe\n", 1, "unsupported option"),
        ("MaxAuthTries three\n", 1, "integer"),
        ("X11Forwarding no yes\n", 1, "extra arguments"),
        ("LoginGraceTime 2x\n", 1, "invalid time"),
        ("Ciphers aes128-ctr,rot13\n", 1, "Bad ciphers"),
        ("Match Nobody x\n", 1, "Unsupported Match attribute"),
        ("Match All User x\n", 1, "'all' cannot be combined"),
        ("Match Address 10.0.0.1/8\n", 1, "Invalid Match address"),
        ("Include\n", 1, "no argument"),
        ("PermitTunnel YES\n", 1, "permittunnel"),
        ("MaxStartups 10:200:100\n", 1, "Invalid maxstartups"),
    ],
)
def test_parse_reports_what_sshd_refuses(text: str, line: int, fragment: str) -> None:
    _, issues = parse_sshd_config(text, "/etc/ssh/sshd_config")
    assert issues, text
    assert issues[0].location.line == line
    assert fragment.lower() in issues[0].message.lower()


def test_accepts_deprecated_and_debian_keywords() -> None:
    text = "UsePrivilegeSeparation sandbox\nRSAAuthentication yes\nDebianBanner no\nKeepAlive yes\n"
    parsed, issues = parse_sshd_config(text, "/x")
    assert issues == ()
    assert [d.keyword for d in parsed.directives][-1] == "tcpkeepalive"


def test_sshd_t_output_and_errors() -> None:
    from garrison.facts.sshd.dump import error_location, parse_sshd_t

    assert parse_sshd_t("port 22\nport 2222\nacceptenv LANG\n") == {
        "port": ("22", "2222"),
        "acceptenv": ("LANG",),
    }
    refused = "/etc/ssh/sshd_config: line 3: Bad configuration option: Foo\nterminating\n"
    assert error_location(refused, "/x")[1] == Location("/etc/ssh/sshd_config", 3)
    assert error_location("sshd: no hostkeys available -- exiting.\n", "/x")[1] == Location("/x")
