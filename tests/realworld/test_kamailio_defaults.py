"""Audit Debian 12's shipped /etc/kamailio/kamailio.cfg (kamailio 5.6.3) and weakened/hardened copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
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


# --- differential: Kamailio's own config check (`kamailio -c`) against Garrison's parser -----------------
# The extracted binary runs in a fresh network namespace (`unshare -n`, loopback only), so its socket
# discovery and name lookups never leave the machine.

LIB = "usr/lib/x86_64-linux-gnu/kamailio"


@pytest.fixture(scope="module")
def kamailio_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = extract_packages(["kamailio", "kamailio-tls-modules"], tmp_path_factory.mktemp("kamdiff") / "root")
    probe = _kamailio_check(root, root / CFG.lstrip("/"), ())
    if probe is None:
        pytest.skip("cannot run the extracted kamailio in a private network namespace (needs unshare -n)")
    return root


def _kamailio_check(
    root: Path, cfg: Path, defines: tuple[str, ...]
) -> tuple[bool, set[tuple[str, int]]] | None:
    """(config accepted, {(proto, port)} it would listen on); None when kamailio cannot be run here."""
    import shutil
    import subprocess

    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return None
    args = [str(root / "usr/sbin/kamailio"), "-c", "-f", str(cfg), "-L", str(root / LIB / "modules")]
    for name in defines:
        args += ["-A", name]
    script = 'ip link set lo up && LD_LIBRARY_PATH="$0" exec "$@"'
    try:
        done = subprocess.run(
            ["unshare", "-n", "sh", "-c", script, str(root / LIB), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    output = done.stdout + done.stderr
    if "unshare failed" in output or "Operation not permitted" in output:
        return None
    sockets: set[tuple[str, int]] = set()
    listening = False
    for line in output.splitlines():
        text = line.strip()
        if text.startswith("Listening on"):
            listening = True
        elif text.startswith("Aliases"):
            listening = False
        elif listening and ":" in text:
            proto, _, rest = text.partition(":")
            sockets.add((proto.strip(), int(rest.rsplit(":", 1)[1])))
    return done.returncode == 0 and "config file ok" in output, sockets


def _garrison_view(cfg: Path, defines: tuple[str, ...]) -> tuple[bool, set[tuple[str, int]]]:
    from garrison.facts.sip.kamailio import parse_kamailio

    lines = [("/k.cfg", n, text) for n, text in enumerate(cfg.read_text().splitlines(), 1)]
    config, issues = parse_kamailio(lines, defines)
    fatal = any("without" in issue.message for issue in issues)
    return not fatal, {(s.proto, s.port) for s in config.listens}


DEFINE_SETS = [(), ("WITH_TLS",), ("WITH_ANTIFLOOD",), ("WITH_TLS", "WITH_ANTIFLOOD", "WITH_NAT")]
EDITS = [
    ("", ""),
    ("# disable_tcp=yes", "disable_tcp=yes"),
    ("# listen=udp:10.0.0.10:5060", "port=5070"),
    ("# listen=udp:10.0.0.10:5060", "listen=udp:127.0.0.1:5080\nlisten=tcp:127.0.0.1"),
    ("# listen=udp:10.0.0.10:5060", "#!ifdef WITH_TLS\nlisten=tls:127.0.0.1:5071\n#!endif\nlisten=127.0.0.1"),
    (
        "# listen=udp:10.0.0.10:5060",
        "#!ifndef WITH_TLS\n#!define NO_TLS\n#!else\nlisten=127.0.0.1:5090\n#!endif",
    ),
    ("# listen=udp:10.0.0.10:5060", "tls_port_no=5062\nport=5064"),
    ("# listen=udp:10.0.0.10:5060", '#!define LISTEN_IP "127.0.0.1"\nlisten=udp:LISTEN_IP:5066'),
    ("# listen=udp:10.0.0.10:5060", "/* listen=udp:127.0.0.1:5099 */\n// listen=tcp:127.0.0.1:5098"),
]


@pytest.mark.parametrize("defines", DEFINE_SETS, ids=lambda d: "+".join(d) or "none")
@pytest.mark.parametrize(("old", "new"), EDITS, ids=[e[1].split("\n")[0] or "as-shipped" for e in EDITS])
def test_sockets_match_kamailio(
    kamailio_root: Path, tmp_path: Path, defines: tuple[str, ...], old: str, new: str
) -> None:
    cfg = tmp_path / "kamailio.cfg"
    text = (
        (kamailio_root / CFG.lstrip("/")).read_text().replace(old, new, 1)
        if old
        else (kamailio_root / CFG.lstrip("/")).read_text()
    )
    cfg.write_text(text.replace('"/etc/kamailio/tls.cfg"', f'"{kamailio_root}/etc/kamailio/tls.cfg"'))
    real = _kamailio_check(kamailio_root, cfg, defines)
    assert real is not None
    assert _garrison_view(cfg, defines) == real


PREPROCESSOR = [
    "#!ifdef A\nx=1\n#!endif\n",
    "#!ifdef A\n#!else\n#!endif\n",
    "#!ifdef A\n",
    "#!endif\n",
    "#!ifndef A\n#!ifdef B\n#!endif\n#!endif\n",
    "#!ifndef A\n#!ifdef B\n#!endif\n",
    "#!else\n",
]


@pytest.mark.parametrize("body", PREPROCESSOR)
def test_preprocessor_balance_matches_kamailio(kamailio_root: Path, tmp_path: Path, body: str) -> None:
    cfg = tmp_path / "k.cfg"
    cfg.write_text("#!KAMAILIO\nlisten=udp:127.0.0.1:5060\n" + body.replace("x=1", "debug=2"))
    real = _kamailio_check(kamailio_root, cfg, ())
    assert real is not None
    assert _garrison_view(cfg, ())[0] == real[0]


# --- rtpengine (the media relay Debian's kamailio.cfg pairs with WITH_RTPENGINE) -------------------------
RTPENGINE = "/etc/rtpengine/rtpengine.conf"
RULES_V4 = """*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p udp --dport 5060 -j ACCEPT
-A INPUT -p tcp --dport 5060 -j ACCEPT
-A INPUT -p udp --dport 30000:40000 -j ACCEPT
COMMIT
"""


def audit_domains(root: Path, *domains: str) -> dict[str, str]:
    rules = [r for r in load_rules() if r.domain in domains]
    return {f.rule_id: str(f.status) for f in run_audit(RootDirTarget(str(root)), rules).findings}


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract_packages(["kamailio", "rtpengine-daemon"], tmp_path_factory.mktemp("media") / "root")


def test_rtpengine_shipped_defaults(media_root: Path) -> None:
    found = audit_domains(media_root, "sip", "exposure")
    # rtpengine.conf declares port-min 30000 / port-max 40000 and binds its control sockets to localhost
    assert found["sip.rtp-port-range-declared"] == "pass"
    assert found["sip.rtp-port-range-firewall"] == "not_applicable"  # no firewall in the package root
    assert found["exposure.unknown-port-public"] == "pass"  # the control sockets are on localhost


def test_rtpengine_weakened_and_firewalled(media_root: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "root"
    shutil.copytree(media_root / "etc", copy / "etc", symlinks=True)
    conf = copy / RTPENGINE.lstrip("/")
    text = conf.read_text().replace("\nport-min = 30000", "\n# port-min = 30000", 1)
    text = text.replace("\nport-max = 40000", "\n# port-max = 40000", 1)
    conf.write_text(text.replace("listen-ng = localhost:2223", "listen-ng = 0.0.0.0:2223", 1))
    found = audit_domains(copy, "sip", "exposure")
    assert found["sip.rtp-port-range-declared"] == "fail"  # the built-in 30000-40000, not declared
    assert found["exposure.unknown-port-public"] == "fail"  # the ng control port, open with no firewall
    (copy / "etc" / "iptables").mkdir()
    (copy / "etc" / "iptables" / "rules.v4").write_text(RULES_V4)
    found = audit_domains(copy, "sip", "exposure")
    assert found["sip.rtp-port-range-firewall"] == "pass"
    assert found["exposure.unknown-port-public"] == "pass"  # the DROP policy filters 2223
    (copy / "etc" / "iptables" / "rules.v4").write_text(RULES_V4.replace("30000:40000", "10000:20000"))
    assert audit_domains(copy, "sip")["sip.rtp-port-range-firewall"] == "fail"


def test_tls_files_of_the_shipped_tls_cfg(tmp_path: Path) -> None:
    """With WITH_TLS, the packaged tls.cfg (kamailio-tls-modules) names the self-signed cert and key."""
    from garrison.facts.sip.gather import gather_sip

    root = extract_packages(["kamailio", "kamailio-tls-modules"], tmp_path / "root")
    cfg = root / CFG.lstrip("/")
    cfg.write_text(cfg.read_text().replace("#!KAMAILIO\n", "#!KAMAILIO\n#!define WITH_TLS\n", 1))
    refs = {
        (r.path, str(r.role), r.location.path if r.location else "")
        for r in gather_sip(RootDirTarget(str(root))).tls_files()
    }
    assert refs == {
        ("/etc/kamailio/kamailio-selfsigned.pem", "certificate", "/etc/kamailio/tls.cfg"),
        ("/etc/kamailio/kamailio-selfsigned.key", "private_key", "/etc/kamailio/tls.cfg"),
    }
    assert audit(root)["sip.tls-listener"] == "pass"
