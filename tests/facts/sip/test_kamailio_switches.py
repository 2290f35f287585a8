"""Kamailio preprocessor switches (cited at their own line), kamctl's shipped database password, unquoted
template placeholders Kamailio refuses, and tls.cfg methods per profile."""

from __future__ import annotations

from garrison.facts.sip.kamailio import parse_kamailio
from garrison.facts.sip.tlsfiles import tls_cfg_methods

CFG = """#!KAMAILIO
#!define WITH_ANTIFLOOD
#!ifdef WITH_MYSQL
#!define DBURL "mysql://kamailio:kamailiorw@localhost/kamailio"
#!endif
#!ifdef WITH_PGSQL_RW
#!define DBURL "postgres://kamailio:kamailiorw@db/kamailio"
#!endif
port={{ sip_port }}
server_header="Server: {{ name }}"
modparam("auth_db", "db_url", "mysql://kamailio:kamailiorw@db2/kamailio")
"""


def _config(text: str, *defines: str):  # type: ignore[no-untyped-def]
    lines = [("/etc/kamailio/kamailio.cfg", n, t) for n, t in enumerate(text.splitlines(), 1)]
    return parse_kamailio(lines, defines)[0]


def test_switches_at_their_lines() -> None:
    config = _config(CFG)
    flood = config.switch("WITH_ANTIFLOOD", "define")
    assert flood is not None and flood.location.line == 2 and flood.active
    guard = config.switch("WITH_MYSQL", "ifdef")
    assert guard is not None and guard.location.line == 3
    dburl = config.switch("DBURL", "define")
    assert dburl is not None and not dburl.active


def test_shipped_password_only_where_it_takes_effect() -> None:
    assert [w.line for w in _config(CFG).default_db_password] == [11]
    assert [w.line for w in _config(CFG, "WITH_MYSQL").default_db_password] == [4, 11]
    assert "kamailiorw" not in repr(_config(CFG, "WITH_MYSQL").modparams)  # redacted in the model


def test_unquoted_placeholders_are_refused() -> None:
    assert [(k, w.line) for k, w in _config(CFG).refused_templates] == [("port", 9)]


def test_tls_cfg_methods() -> None:
    text = "[server:default]\nmethod = TLSv1.2+\n\n[client:default]\nverify_certificate = yes\n"
    found = tls_cfg_methods(text, "/etc/kamailio/tls.cfg")
    assert [(m.scope, m.setting.value if m.setting else None, m.where.line) for m in found] == [
        ("[server:default]", "TLSv1.2+", 1),
        ("[client:default]", None, 4),
    ]
