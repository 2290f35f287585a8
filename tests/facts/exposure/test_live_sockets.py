"""Declared listeners against a live host's sockets: matching, declared-only ports, and what was judged."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import FixtureTarget
from garrison.facts.catalog import default_gatherers
from garrison.facts.exposure.model import ExposureFacts
from garrison.facts.exposure.sockets import SS_SOURCE, parse_ss, serves
from garrison.facts.listeners import IpProtocol, Listener
from garrison.facts.store import FactStore
from garrison.model import Location

SIPREC_ENV = "SIP_HOST=0.0.0.0\nSIP_PORTS=5060\nHTTP_PORT=8080\n"


def _facts(tmp_path: Path, ss: str | None, *, live: bool = True) -> ExposureFacts:
    root = tmp_path / "root"
    (root / "etc" / "siprec").mkdir(parents=True)
    (root / "etc" / "siprec" / "siprec.env").write_text(SIPREC_ENV)
    commands = {}
    if ss is not None:
        (tmp_path / "ss.txt").write_text(ss)
        commands[SS_SOURCE] = "ss.txt"
    target = FixtureTarget(str(root), commands, tmp_path, live)
    return FactStore(target, default_gatherers()).get(ExposureFacts)


def _by_port(
    facts: ExposureFacts, port: int, proto: IpProtocol = IpProtocol.TCP
) -> list[tuple[str, str, bool | None]]:
    return [(e.listener.service, e.listener.address, e.listening) for e in facts.for_port(port, proto)]


def test_parse_ss_locates_each_socket_at_its_line() -> None:
    text = "garbage\ntcp LISTEN 0 4096 0.0.0.0:22 0.0.0.0:*\nudp UNCONN 0 0 [::]:5060 [::]:*\n"
    assert [s.location for s in parse_ss(text)] == [Location(SS_SOURCE, 2), Location(SS_SOURCE, 3)]


@pytest.mark.parametrize(
    ("declared", "live", "matches"),
    [
        ("0.0.0.0", "0.0.0.0", True),
        ("0.0.0.0", "*", True),  # both every interface
        ("::", "0.0.0.0", True),
        ("0.0.0.0", "127.0.0.1", False),  # bound to loopback only, not where it is declared
        ("127.0.0.1", "0.0.0.0", False),  # bound wider than declared: judged as a live socket of its own
        ("localhost", "::1", True),
        ("10.0.0.5", "10.0.0.5", True),
        ("10.0.0.5", "10.0.0.6", False),
        ("sip.example.org", "10.0.0.5", True),  # a name: ss shows it resolved, any address counts
    ],
)
def test_serves(declared: str, live: str, matches: bool) -> None:
    assert serves(Listener("live", live, 8080), Listener("x", declared, 8080)) is matches
    assert not serves(Listener("live", live, 8081), Listener("x", declared, 8080))
    assert not serves(Listener("live", live, 8080, IpProtocol.UDP), Listener("x", declared, 8080))


def test_placeholder_address_matches_any_socket_of_the_port() -> None:
    assert serves(Listener("live", "10.1.2.3", 80), Listener("x", "${HOST}", 80), any_address=True)


def test_offline_listeners_are_judged_from_configuration(tmp_path: Path) -> None:
    facts = _facts(tmp_path, None, live=False)
    assert not facts.live_sockets and facts.basis == "judged from configuration"
    assert _by_port(facts, 8080) == [("siprec-api", "0.0.0.0", None)]


def test_live_host_without_ss_is_judged_from_configuration(tmp_path: Path) -> None:
    facts = _facts(tmp_path, None)
    assert not facts.live_sockets and "configuration" in facts.basis
    assert all(e.listening is None for e in facts.listeners)


def test_declared_port_without_a_socket_is_declared_only(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "udp UNCONN 0 0 0.0.0.0:5060 0.0.0.0:*\n")
    assert facts.live_sockets and "live sockets" in facts.basis
    assert _by_port(facts, 8080) == [("siprec-api", "0.0.0.0", False)]
    (api,) = facts.for_port(8080, IpProtocol.TCP)
    assert api.declared_only and api.reachable_from_anywhere is False and api.socket is None
    assert _by_port(facts, 5060, IpProtocol.UDP) == [("siprec", "0.0.0.0", True)]


def test_socket_bound_elsewhere_is_judged_as_it_is(tmp_path: Path) -> None:
    """Declared on 0.0.0.0, running on 127.0.0.1: the declaration is declared-only, the live socket is
    judged at its own (loopback) address."""
    facts = _facts(tmp_path, 'tcp LISTEN 0 4096 127.0.0.1:8080 0.0.0.0:* users:(("siprec",pid=9,fd=3))\n')
    assert sorted(_by_port(facts, 8080)) == [
        ("live:siprec", "127.0.0.1", True),
        ("siprec-api", "0.0.0.0", False),
    ]
    assert "ss" in facts.sources


def test_matched_listener_takes_the_families_actually_bound(tmp_path: Path) -> None:
    """Declared 0.0.0.0 (IPv4) but ss shows `*` (dual-stack): the IPv6 side is judged too, and the socket
    is not listed a second time."""
    facts = _facts(tmp_path, "tcp LISTEN 0 4096 *:8080 *:*\n")
    (api,) = facts.for_port(8080, IpProtocol.TCP)
    assert api.listening and api.socket is not None and api.socket.location == Location(SS_SOURCE, 1)
    assert [family for family, _ in api.by_family] == ["ipv4", "ipv6"]


def test_docker_published_port_is_not_declared_only_without_a_socket(tmp_path: Path) -> None:
    """With docker's userland proxy off, a published port has no socket but DNAT still forwards it: ss
    cannot tell, so the port stays judged from the compose file."""
    compose = tmp_path / "root" / "srv" / "db" / "docker-compose.yml"
    compose.parent.mkdir(parents=True)
    compose.write_text('services:\n  db:\n    image: postgres:15\n    ports: ["5432:5432"]\n')
    facts = _facts(tmp_path, "tcp LISTEN 0 4096 0.0.0.0:22 0.0.0.0:*\n")
    (db,) = facts.for_port(5432, IpProtocol.TCP)
    assert db.via_docker and db.listening is None and db.reachable_from_anywhere is True
