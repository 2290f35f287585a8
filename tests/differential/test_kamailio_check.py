"""Differential: a kamailio.cfg that `kamailio -c` refuses is an error for Garrison too, and the reverse.

Each case is a small root with /etc/kamailio/kamailio.cfg (and the files it includes). The real Kamailio 5.6
of Debian 12 checks it with `kamailio -c -f` inside a throw-away network namespace (`unshare -rn`: nothing
listens on the host); Garrison gathers the SIP facts from the same root. Needs the Debian package kamailio.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.sip.gather import gather_sip
from garrison.facts.store import FactError
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.needs_kamailio

HEAD = "#!KAMAILIO\ndebug=2\nchildren=4\n"
# name -> ({file under etc/kamailio: text}, kamailio -c accepts it)
CASES: dict[str, tuple[dict[str, str], bool]] = {
    "plain": ({"kamailio.cfg": HEAD + 'server_header="Server: SIP"\n'}, True),
    "string-over-two-lines": ({"kamailio.cfg": HEAD + 'server_header="Server:\nSIP"\nport=5060\n'}, True),
    "quotes-in-comments": (
        {"kamailio.cfg": HEAD + '# a "quote\nport=5060 // it\'s\n/* "x */\nserver_header="a#b"\n'},
        True,
    ),
    "unclosed-in-inactive-ifdef": (
        {"kamailio.cfg": HEAD + '#!ifdef NEVER_DEFINED\nserver_header="Server: x\n#!endif\n'},
        True,
    ),
    "unclosed-in-define": ({"kamailio.cfg": HEAD + '#!define GREETING "hello\n'}, True),
    "escaped-quote": ({"kamailio.cfg": HEAD + 'server_header="Server: \\"SIP\\""\n'}, True),
    "unterminated-double-quote": ({"kamailio.cfg": HEAD + 'server_header="Server: SIP\nport=5060\n'}, False),
    "unterminated-single-quote": ({"kamailio.cfg": HEAD + "server_header='Server: SIP\n"}, False),
    "unterminated-after-escape": ({"kamailio.cfg": HEAD + 'server_header="Server: SIP\\"\n'}, False),
    "unterminated-in-route": (
        {"kamailio.cfg": HEAD + 'request_route {\n    xlog("L_INFO", "got $rm\n    );\n}\n'},
        False,
    ),
    "unterminated-in-included-file": (
        {"kamailio.cfg": HEAD + 'include_file "extra.cfg"\nport=5060\n', "extra.cfg": 'server_header="x\n'},
        False,
    ),
}


def kamailio_accepts(cfg: Path) -> bool:
    done = subprocess.run(
        ["unshare", "-rn", "kamailio", "-c", "-f", str(cfg)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture(scope="module", autouse=True)
def _kamailio() -> None:
    if not (shutil.which("kamailio") and shutil.which("unshare")):
        pytest.skip("needs kamailio (Debian package kamailio) and unshare")


@pytest.mark.parametrize("name", CASES)
def test_same_verdict_as_kamailio_check(tmp_path: Path, name: str) -> None:
    files, accepted = CASES[name]
    conf = tmp_path / "etc" / "kamailio"
    conf.mkdir(parents=True)
    for rel, text in files.items():
        (conf / rel).write_text(text)
    assert kamailio_accepts(conf / "kamailio.cfg") is accepted, "the case's expectation is wrong"
    try:
        gather_sip(RootDirTarget(str(tmp_path)))
    except FactError as exc:
        assert not accepted, f"Garrison refused a config kamailio -c accepts: {exc}"
        assert exc.location is not None and exc.location.line is not None
        assert "unterminated string" in str(exc)
    else:
        assert accepted, "kamailio -c refuses this config, Garrison accepted it"


#: Unrendered template placeholders: refused where Kamailio needs an address or a number, accepted inside
#: a quoted string or a #!define (name -> (kamailio.cfg text, kamailio -c accepts it)).
TEMPLATES: dict[str, tuple[str, bool]] = {
    "listen-placeholder": (HEAD + "listen=udp:{{ sip_ip }}:5060\n", False),
    "listen-port-variable": (HEAD + "listen=udp:127.0.0.1:${SIP_PORT}\n", False),
    "port-placeholder": (HEAD + "port={{ sip_port }}\n", False),
    "quoted-placeholder": (HEAD + 'server_header="Server: {{ name }}"\n', True),
    "define-placeholder": (HEAD + '#!define SIPIP "{{ ip }}"\n', True),
}


@pytest.mark.parametrize("name", TEMPLATES)
def test_placeholders_refused_like_kamailio(tmp_path: Path, name: str) -> None:
    text, accepted = TEMPLATES[name]
    conf = tmp_path / "etc" / "kamailio"
    conf.mkdir(parents=True)
    (conf / "kamailio.cfg").write_text(text)
    assert kamailio_accepts(conf / "kamailio.cfg") is accepted, "the case's expectation is wrong"
    kamailio = gather_sip(RootDirTarget(str(tmp_path))).kamailio
    assert kamailio is not None
    assert bool(kamailio.refused_templates) is not accepted
    assert all(where.line == 4 for _, where in kamailio.refused_templates)
