"""Differential: exposure judged from a real kernel's sockets and firewall, in a private network namespace.

Each scenario runs this file as a child in a throw-away user and network namespace (`unshare -rn`, only `lo`
up: nothing outside the namespace can reach it and nothing on the host changes). The child loads a real
ruleset with `iptables-restore`, opens (or not) a real listening socket, and audits a fixture root that
declares the SIPREC API on 0.0.0.0:8080 through a `LocalTarget` whose files come from that root: `ss` and
`iptables-save` are the real programs, run inside the namespace. A declared port nothing listens on must not
be "open to everyone", and the evidence must cite the real command output (`iptables-save:N`, the `ss`
line), never /etc/iptables/rules.v4, which the root does not have.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.needs_netfilter

RULE = "exposure.trusted-port-open"
SIPREC_ENV = "SIP_HOST=0.0.0.0\nSIP_PORTS=5060\nHTTP_PORT=8080\n"
RULES_V4 = """*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -s 127.0.0.0/8 -j ACCEPT
-A INPUT -p udp --dport 5060 -j ACCEPT
-A INPUT -p tcp --dport 5060 -j ACCEPT
-A INPUT -p tcp --dport 8080 -j ACCEPT
COMMIT
"""


def _child(root: str, bind: str) -> dict[str, Any]:
    """Inside the namespace: real rules, a real socket on `bind` (or none), one audited rule."""
    from garrison.engine import evaluate
    from garrison.facts.catalog import default_gatherers
    from garrison.facts.store import FactStore
    from garrison.rules.registry import find_rule
    from garrison.targets.local import LocalTarget, find_program
    from garrison.targets.rootdir import RootDirTarget

    class NamespaceHost(LocalTarget):
        """This (namespaced) machine's programs, the fixture root's files."""

        def __init__(self, files: str) -> None:
            RootDirTarget.__init__(self, files, name="netns")

    if not all(find_program(p) for p in ("ss", "iptables-save")):
        return {"skip": "ss or iptables-save is not a trusted system program in the namespace"}
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["iptables-restore"], input=RULES_V4, text=True, check=True)
    listener = None
    if bind:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind((bind, 8080))
        listener.listen()
    target = NamespaceHost(root)
    item = find_rule(RULE)
    assert item is not None
    outcome = evaluate(item, FactStore(target, default_gatherers()))
    saved = target.run(["iptables-save"])
    if listener is not None:
        listener.close()
    return {
        "status": str(outcome.status),
        "message": outcome.message,
        "evidence": [str(e.location) for e in outcome.evidence if e.location is not None],
        "iptables_save": saved.stdout if saved.ok else "",
    }


def _audit(tmp_path: Path, bind: str) -> dict[str, Any]:
    root = tmp_path / "root"
    (root / "etc" / "siprec").mkdir(parents=True)
    (root / "etc" / "siprec" / "siprec.env").write_text(SIPREC_ENV)
    done = subprocess.run(
        ["unshare", "-rn", sys.executable, __file__, str(root), bind],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    if "skip" in result:
        pytest.skip(result["skip"])
    return result


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    if not all(shutil.which(p) for p in ("unshare", "ip", "ss", "iptables-restore", "iptables-save")):
        pytest.skip("needs unshare, ip, ss and iptables")
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("unprivileged user/network namespaces are not available")


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_declared_port_without_a_socket_is_not_open(tmp_path: Path) -> None:
    result = _audit(tmp_path, "")
    assert result["status"] == "pass", result["message"]
    assert "declared but not listening" in result["message"]
    assert "/etc/siprec/siprec.env:3" in result["evidence"]
    assert "ss -H -l -n -t -u -p" in result["evidence"]  # the real ss showed no socket for 8080
    assert f"iptables-save:{_line_of(result['iptables_save'], '--dport 8080')}" in result["evidence"]


def test_socket_bound_to_loopback_only_is_not_open(tmp_path: Path) -> None:
    result = _audit(tmp_path, "127.0.0.1")
    assert result["status"] == "pass", result["message"]
    assert "declared but not listening" in result["message"]  # not at 0.0.0.0, where it is declared


def test_listening_socket_open_in_the_live_firewall_fails_citing_the_live_output(tmp_path: Path) -> None:
    result = _audit(tmp_path, "0.0.0.0")  # only lo exists in the namespace
    assert result["status"] == "fail", result["message"]
    assert "open to everyone" in result["message"]
    assert "/etc/siprec/siprec.env:3" in result["evidence"]
    assert f"iptables-save:{_line_of(result['iptables_save'], '--dport 8080')}" in result["evidence"]
    assert any(e.startswith("ss -H -l -n -t -u -p:") for e in result["evidence"]), result["evidence"]
    assert not any(e.startswith("/etc/iptables") for e in result["evidence"])


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], sys.argv[2])))
