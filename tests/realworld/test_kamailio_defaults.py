"""Audit Debian 12's shipped /etc/kamailio/kamailio.cfg (kamailio 5.6.3) and weakened/hardened copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.rules.registry import load_rules
from garrison.target.rootdir import RootDirTarget
from realworld.debs import extract_packages

pytestmark = pytest.mark.realworld
CFG = "/etc/kamailio/kamailio.cfg"


def audit(root: Path) -> dict[str, str]:
    rules = [r for r in load_rules() if r.domain == "sip"]
    return {f.rule_id: str(f.status) for f in run_audit(RootDirTarget(str(root)), rules).findings}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract_packages(["kamailio"], tmp_path_factory.mktemp("kamailio") / "root")


def test_shipped_defaults(root: Path) -> None:
    found = audit(root)
    # Debian's sample: no WITH_TLS / WITH_ANTIFLOOD defined, no listen= (every address, udp+tcp 5060),
    # default Server/User-Agent headers with the version, and the scanner User-Agent drop in REQINIT.
    assert found["sip.tls-listener"] == "fail"
    assert found["sip.anti-flood"] == "fail"
    assert found["sip.server-header-version-leak"] == "fail"
    assert found["sip.user-agent-version-leak"] == "fail"
    assert found["sip.scanner-ua-blocking"] == "pass"
    assert found["sip.rtp-port-range-declared"] == "not_applicable"
    assert found["sip.rtp-port-range-firewall"] == "not_applicable"
    assert found["sip.signalling-exposure"] == "fail"  # no firewall at all in the package root


def test_hardened_switches(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "root"
    (copy / "etc" / "kamailio").mkdir(parents=True)
    text = (root / CFG.lstrip("/")).read_text()
    text = text.replace("#!KAMAILIO\n", "#!KAMAILIO\n#!define WITH_TLS\n#!define WITH_ANTIFLOOD\n", 1)
    text = text.replace(
        "# listen=udp:10.0.0.10:5060",
        "listen=udp:192.0.2.10:5060\nlisten=tls:192.0.2.10:5061\n"
        'server_signature=no\nuser_agent_header="User-Agent: SIP"',
        1,
    )
    (copy / CFG.lstrip("/")).write_text(text)
    found = audit(copy)
    for rule_id in (
        "sip.tls-listener",
        "sip.anti-flood",
        "sip.server-header-version-leak",
        "sip.user-agent-version-leak",
        "sip.scanner-ua-blocking",
        "sip.signalling-exposure",
    ):
        assert found[rule_id] == "pass", rule_id


def test_weakened_copy(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "root"
    (copy / "etc" / "kamailio").mkdir(parents=True)
    text = (root / CFG.lstrip("/")).read_text()
    # drop the scanner filter, load pike without ever calling it, leak a version in Server:
    text = text.replace(
        'if($ua =~ "friendly|scanner|sipcli|sipvicious|VaxSIPUserAgent|pplsip")', "if(false)", 1
    )
    text = text.replace('loadmodule "counters.so"', 'loadmodule "counters.so"\nloadmodule "pike.so"', 1)
    text = text.replace(
        "# listen=udp:10.0.0.10:5060", 'listen=udp:0.0.0.0:5060\nserver_header="Server: Kamailio 5.6.3"'
    )
    (copy / CFG.lstrip("/")).write_text(text)
    rules = [r for r in load_rules() if r.domain == "sip"]
    findings = {f.rule_id: f for f in run_audit(RootDirTarget(str(copy)), rules).findings}
    assert findings["sip.scanner-ua-blocking"].status == "fail"
    assert findings["sip.anti-flood"].status == "fail"
    assert "never called" in findings["sip.anti-flood"].message
    leak = findings["sip.server-header-version-leak"]
    assert leak.status == "fail" and leak.evidence[0].line is not None
    assert findings["sip.tls-listener"].status == "fail"
    assert findings["sip.signalling-exposure"].status == "fail"
