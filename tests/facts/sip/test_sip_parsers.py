"""Kamailio cfg and other SIP config parsers: semantics and the never-raises property."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.sip import others
from garrison.facts.sip.kamailio import UNTERMINATED, parse_kamailio, parse_listen
from garrison.model import Location


def lines(text: str) -> list[tuple[str, int, str]]:
    return [("/k.cfg", n, line) for n, line in enumerate(text.splitlines(), 1)]


CFG = """#!KAMAILIO
#!define WITH_TLS
#!define MY_IP "192.0.2.10"
#!ifdef WITH_TLS
enable_tls=yes
#!else
disable_tcp=yes
#!endif
#!ifndef WITH_ANTIFLOOD
server_signature=no # comment
#!endif
listen=udp:MY_IP:5060
listen=tls:MY_IP
/* listen=udp:0.0.0.0:5060
   still a comment */
loadmodule "tls.so"
modparam("tls", "config", "/etc/kamailio/tls.cfg")
request_route {
    if ($ua =~ "sipvicious|friendly-scanner") { exit; }
    if (!pike_check_req()) { exit; }
}
"""


def test_preprocessor_and_sockets() -> None:
    config, issues = parse_kamailio(lines(CFG))
    assert issues == ()
    assert config.setting("server_signature") is not None
    assert config.setting("disable_tcp") is None
    assert {(s.proto, s.address, s.port) for s in config.listens} == {
        ("udp", "192.0.2.10", 5060),
        ("tls", "192.0.2.10", 5061),
    }
    assert config.module("tls") is not None and config.modparams[0][:2] == ("tls", "config")
    assert config.call("pike_check_req") is not None
    assert config.ua_filters[0].value == "sipvicious|friendly-scanner"


def test_defaults_without_listen() -> None:
    config, _ = parse_kamailio(lines("disable_tcp=yes\n"))
    assert [(s.proto, s.address, s.port) for s in config.listens] == [("udp", "*", 5060)]


def test_unbalanced_ifdef_is_an_issue() -> None:
    _, issues = parse_kamailio(lines("#!ifdef X\nfoo=1\n"))
    assert issues and issues[0].location.line == 1
    _, issues = parse_kamailio(lines("#!endif\n"))
    assert issues


def test_string_still_open_at_the_end_of_a_file_is_an_issue() -> None:
    """kamailio -c: "unexpected EOF in unclosed string" (see tests/differential/test_kamailio_check.py)."""
    _, issues = parse_kamailio(lines('debug=2\nserver_header="Server: x\nport=5060\n'))
    assert [(i.location.line, i.message) for i in issues] == [(2, UNTERMINATED)]
    spliced = [
        ("/k.cfg", 1, 'include_file "x.cfg"'),
        ("/x.cfg", 1, "server_header='x"),
        ("/k.cfg", 2, "a='b'"),
    ]
    assert [i.location for i in parse_kamailio(spliced)[1]] == [Location("/x.cfg", 1)]
    accepted = 'server_header="a\nb" # "\n// \'\n/* " */\n#!define X "y\n#!ifdef NO\nz="\n#!endif\n'
    assert parse_kamailio(lines(accepted))[1] == ()


def test_listen_forms() -> None:
    assert parse_listen("udp:[2001:db8::1]:5070", None) == [("udp", "2001:db8::1", 5070)]
    assert parse_listen("10.0.0.1", None) == [(None, "10.0.0.1", None)]
    assert parse_listen("tcp:eth0:5060 advertise 1.2.3.4:5060", None) == [("tcp", "eth0", 5060)]


def test_pjsip_and_media() -> None:
    text = "[t-tls]\ntype=transport\nprotocol=tls\nbind=0.0.0.0\n[tpl](!)\ntype=transport\n"
    [transport] = others.pjsip_transports(text, "/p.conf")
    assert (transport.proto, transport.port, transport.location.line if transport.location else 0) == (
        "tls",
        5061,
        4,
    )
    rtp, controls = others.rtpengine(
        "[rtpengine]\nport-min=20000\nlisten-ng=127.0.0.1:2223\n", "/r", (30000, 40000)
    )
    assert (rtp.low, rtp.high, rtp.location.line) == (20000, 40000, 2)
    assert controls[0].port == 2223
    assert others.rtpproxy('EXTRA_OPTS="-l 1.2.3.4 -m 10000 -M 20000"\n', "/d", (35000, 65000)).low == 10000


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_parsers_never_raise(text: str) -> None:
    parse_kamailio(lines(text))
    others.pjsip_transports(text, "/p")
    others.rtpengine(text, "/r", (1, 2))
    others.rtpproxy(text, "/d", (1, 2))
    others.siprec(text, "/s")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "#!ifdef A",
                "#!else",
                "#!endif",
                "#!define A 1",
                "listen=udp:A:5060",
                "/*",
                "*/",
                "route {",
                "}",
                'loadmodule "pike.so"',
                'modparam("a","b",1)',
                "#!trydef B",
                'if ($ua =~ "x") {',
                "port=abc",
                "listen=[::1",
            ]
        ),
        max_size=25,
    )
)
def test_cfg_like_text_never_raises(items: list[str]) -> None:
    parse_kamailio(lines("\n".join(items)))


def test_tls_file_references() -> None:
    from garrison.facts.sip.tlsfiles import pjsip_refs, tls_cfg_refs
    from garrison.facts.tlsrefs import TlsFileRole

    text = "[server:default]\nmethod = TLSv1.2+\nprivate_key = kamailio.key\ncertificate = /etc/ssl/sip.pem\n"
    refs = tls_cfg_refs(text, "/etc/kamailio/tls.cfg", "/etc/kamailio")
    assert {(r.path, r.role) for r in refs} == {
        ("/etc/kamailio/kamailio.key", TlsFileRole.PRIVATE_KEY),
        ("/etc/ssl/sip.pem", TlsFileRole.CERTIFICATE),
    }
    pj = "[t]\ntype=transport\nprotocol=tls\ncert_file=keys/a.crt\npriv_key_file=/etc/asterisk/keys/a.key\n"
    assert [r.path for r in pjsip_refs(pj, "/etc/asterisk/pjsip.conf")] == [
        "/etc/asterisk/keys/a.crt",
        "/etc/asterisk/keys/a.key",
    ]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_tls_reference_parsers_never_raise(text: str) -> None:
    from garrison.facts.sip.tlsfiles import pjsip_refs, tls_cfg_refs

    tls_cfg_refs(text, "/t", "/etc/kamailio")
    pjsip_refs(text, "/p")
