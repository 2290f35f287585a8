"""Compose, env file and Dockerfile parsers: semantics and the never-raises property."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.docker.compose import parse_compose
from garrison.facts.docker.dockerfile import from_image, parse_dockerfile
from garrison.facts.docker.envfile import interpolate, parse_env_file
from garrison.facts.docker.model import Scalar
from garrison.facts.docker.ports import parse_short_port

COMPOSE = """\
x-hardening: &hardening
  read_only: true
  security_opt: ["no-new-privileges:true"]
services:
  base:
    image: busybox:1.36
    cap_drop: [ALL]
    ports: ["127.0.0.1:9000:9000"]
  proxy:
    <<: *hardening
    extends:
      service: base
    image: nineseconds/mtg:${TAG:-2.1.7}
    user: ${UID}
    ports:
      - 8443:3128
      - "[::1]:3001:3001/tcp"
      - target: 53
        published: "5353"
        protocol: udp
    environment:
      MTG_SECRET: ee8a1f6c03d94be27f51c0a9e6b3d4875f7777772e676f6f676c652e636f6d
      MTG_PORT: "8443"
    deploy:
      resources:
        limits:
          memory: 512M
"""


def test_compose_semantics() -> None:
    compose, issues = parse_compose(COMPOSE, "/opt/p/compose.yml", {})
    assert issues == () and compose.error is None
    proxy = next(s for s in compose.services if s.name == "proxy")
    assert proxy.read_only is not None and proxy.read_only.truthy and proxy.read_only.line == 2
    assert [c.text for c in proxy.cap_drop] == ["ALL"]  # from extends
    assert proxy.image == Scalar("nineseconds/mtg:2.1.7", 13)
    assert proxy.user is not None and proxy.user.unresolved
    ports = {(p.host_ip, p.published, p.target, p.proto) for p in proxy.ports}
    assert ports == {
        ("127.0.0.1", (9000, 9000), (9000, 9000), "tcp"),
        ("", (8443, 8443), (3128, 3128), "tcp"),
        ("::1", (3001, 3001), (3001, 3001), "tcp"),
        ("", (5353, 5353), (53, 53), "udp"),
    }
    secret = next(e for e in proxy.environment if e.name == "MTG_SECRET")
    assert secret.value is None and secret.secret is not None and secret.secret.bytes == 16
    assert proxy.mem_limit is not None and proxy.mem_limit.text == "512M"
    scopes = {(item.address, item.port) for item in compose.listeners() if item.service == "compose:proxy"}
    assert ("0.0.0.0", 8443) in scopes and ("::1", 3001) in scopes


def test_compose_errors_have_lines() -> None:
    compose, _ = parse_compose("services:\n  a:\n    image: [x\n", "/c.yml")
    assert compose.error is not None and compose.error.location.line is not None
    compose, _ = parse_compose("- just\n- a list\n", "/c.yml")
    assert compose.error is not None
    compose, _ = parse_compose("services:\n  a: [1, 2]\n", "/c.yml")
    assert compose.error is not None and compose.error.location.line == 2


def test_alias_bomb_is_an_issue() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for index in range(1, 9):
        bomb += f"{chr(97 + index)}: &{chr(97 + index)} [" + ",".join([f"*{chr(96 + index)}"] * 9) + "]\n"
    compose, _ = parse_compose(bomb, "/c.yml")
    assert compose.error is not None


def test_interpolation() -> None:
    env = {"A": "1", "EMPTY": ""}
    assert interpolate("${A}", env) == ("1", False)
    assert interpolate("${EMPTY:-d}", env) == ("d", False)
    assert interpolate("${EMPTY-d}", env) == ("", False)
    assert interpolate("${B:-${A}}", env) == ("1", False)
    assert interpolate("$$A", env) == ("$A", False)
    assert interpolate("${B}", env)[1] is True
    assert interpolate("${A:+set}", env) == ("set", False)


def test_env_file_keeps_no_secret() -> None:
    parsed, issues = parse_env_file("export DB_PASSWORD='hunter2'\nPORT=8443 # comment\nnot a line\n", "/e")
    assert [e.name for e in parsed.entries] == ["DB_PASSWORD", "PORT"]
    assert parsed.entries[0].value is None and "hunter2" not in repr(parsed)
    assert parsed.entries[1].value == "8443"
    assert issues[0].location.line == 3


def test_short_ports() -> None:
    assert parse_short_port(Scalar("3001", 1)) == parse_short_port(Scalar("3001/tcp", 1))
    binding = parse_short_port(Scalar("3000-3005:4000-4005/udp", 1))
    assert binding is not None and binding.published == (3000, 3005) and binding.proto == "udp"
    assert parse_short_port(Scalar("x:y", 1)) is None


def test_dockerfile() -> None:
    text = (
        "FROM --platform=linux/amd64 golang:1.22 AS build\nARG TOKEN=abc123abc123\nFROM scratch\nUSER 1000\n"
    )
    parsed, _ = parse_dockerfile(text, "/Dockerfile")
    assert [i.keyword for i in parsed.final_stage()] == ["FROM", "USER"]
    assert [e.name for e in parsed.secret_vars] == ["TOKEN"]
    assert from_image("--platform=linux/amd64 golang:1.22 AS build") == ("golang:1.22", "build")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_parsers_never_raise(text: str) -> None:
    parse_compose(text, "/c.yml", {"A": "b"})
    parse_env_file(text, "/e")
    interpolate(text, {"A": "b"})
    parse_dockerfile(text, "/Dockerfile")
    parse_short_port(Scalar(text, 1))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "services:",
                "  a:",
                "    image: x",
                "    ports:",
                '      - "1:2"',
                "    <<: *x",
                "x: &x {a: 1}",
                "    extends: a",
                "  b: [",
                "\t",
                "    user: ${U:-0}",
            ]
        ),
        max_size=20,
    )
)
def test_compose_like_text_never_raises(lines: list[str]) -> None:
    parse_compose("\n".join(lines), "/c.yml")


def test_yaml_errors_never_quote_values() -> None:
    text = (
        "services:\n  a:\n    environment:\n"
        "      MTG_SECRET: THE-SECRET-one\n      MTG_SECRET: THE-SECRET-two\n"
    )
    compose, _ = parse_compose(text, "/c.yml")
    assert compose.error is not None and compose.error.location.line == 5
    assert "THE-SECRET" not in compose.error.message and "MTG_SECRET" in compose.error.message
