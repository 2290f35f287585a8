"""The exposure policy table: consistency with the guides, overrides, and gathering with options."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.catalog import default_gatherers
from garrison.facts.exposure.model import ExposureFacts
from garrison.facts.exposure.policy import POLICIES, builtin_policy, policy_table
from garrison.facts.store import FactStore
from garrison.options import AuditOptions
from garrison.targets.rootdir import RootDirTarget

#: guide 002 "Quick Reference: What Each Port Does", verbatim as data.
GUIDE_002 = {
    "5222/tcp": "public", "5223/tcp": "public", "5269/tcp": "public", "5270/tcp": "public",
    "5443/tcp": "public", "5280/tcp": "trusted", "6443/tcp": "trusted", "8444/tcp": "localhost",
    "3478/udp": "public", "5349/tcp": "public", "5349/udp": "public", "4369/tcp": "blocked",
    "1883/tcp": "blocked", "5210/tcp": "localhost",
}  # fmt: skip
OTHER_GUIDES = {"5432/tcp": "localhost", "27017/tcp": "localhost", "3001/tcp": "localhost",
                "8080/tcp": "trusted", "5060/udp": "public", "22/tcp": "trusted"}  # fmt: skip


def test_table_is_consistent() -> None:
    entries = builtin_policy()
    keys = [e.key for e in entries]
    assert len(keys) == len(set(keys)), "duplicate port/proto in exposure.toml"
    for entry in entries:
        assert 0 < entry.port <= 65535 and entry.proto in ("tcp", "udp")
        assert entry.policy in POLICIES and entry.service and entry.source
    table = policy_table()
    for key, policy in {**GUIDE_002, **OTHER_GUIDES}.items():
        assert table[key].policy == policy, key


def test_overrides() -> None:
    table = policy_table({"5280/tcp": "public", "9000": "blocked", "bad": "public", "22/tcp": "nonsense"})
    assert table["5280/tcp"].policy == "public" and table["5280/tcp"].source == "garrison.toml [exposure]"
    assert table["9000/tcp"].policy == "blocked"
    assert table["22/tcp"].policy == "trusted"


def test_gather_uses_overrides(tmp_path: Path) -> None:
    compose = tmp_path / "srv" / "app" / "docker-compose.yml"
    compose.parent.mkdir(parents=True)
    compose.write_text('services:\n  db:\n    image: postgres:15\n    ports: ["5432:5432", "9000:9000"]\n')
    options = AuditOptions(exposure_overrides={"5432/tcp": "public"})
    store = FactStore(RootDirTarget(str(tmp_path)), default_gatherers(options))
    facts = store.get(ExposureFacts)
    policies = {(e.listener.port, e.policy.policy if e.policy else None) for e in facts.listeners}
    assert policies == {(5432, "public"), (9000, None)}
    assert all(e.via_docker and e.reachable_from_anywhere for e in facts.listeners)
    assert "DockerFacts" in facts.sources


def test_parse_ss() -> None:
    from garrison.facts.exposure.sockets import parse_ss

    text = (
        'tcp LISTEN 0 4096 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=700,fd=3))\n'
        "tcp LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:*\n"
        "udp UNCONN 0 0 [::]:5060 [::]:*\n"
        "garbage line\n"
    )
    found = [(x.service, x.address, x.port, x.proto, x.scope) for x in parse_ss(text)]
    assert found == [
        ("live:sshd", "0.0.0.0", 22, "tcp", "all"),
        ("live", "127.0.0.53", 53, "tcp", "loopback"),
        ("live", "::", 5060, "udp", "all"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parse_ss_never_raises(text: str) -> None:
    from garrison.facts.exposure.sockets import parse_ss

    parse_ss(text)


def test_overrides_reach_the_docker_rule(tmp_path: Path) -> None:
    from garrison.engine import evaluate
    from garrison.rules.registry import find_rule

    compose = tmp_path / "opt" / "mtproxy" / "docker-compose.yml"
    compose.parent.mkdir(parents=True)
    compose.write_text('services:\n  proxy:\n    image: nineseconds/mtg:2.1.7\n    ports: ["3001:3001"]\n')
    rule = find_rule("docker.admin-port-public")
    assert rule is not None
    target = RootDirTarget(str(tmp_path))
    assert evaluate(rule, FactStore(target, default_gatherers())).status == "fail"
    options = AuditOptions(exposure_overrides={"3001/tcp": "public"})
    assert evaluate(rule, FactStore(target, default_gatherers(options))).status == "pass"
