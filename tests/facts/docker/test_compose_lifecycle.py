"""Compose parsing for the lifecycle and mount rules: `${VAR:-secret}` fallbacks, long-syntax read_only
mounts, and build.dockerfile_inline read as a Dockerfile on the compose file's lines."""

from __future__ import annotations

from garrison.facts.docker.compose import parse_compose
from garrison.facts.docker.gather import inline_dockerfile

COMPOSE = """services:
  app:
    image: example/app:1
    build:
      dockerfile_inline: |
        FROM debian:bookworm
        ENV API_TOKEN=abc123abc123abc123
        USER 10001
    environment:
      DB_PASSWORD: ${DB_PASSWORD:-hunter2hunter2}
      PLAIN: ${PLAIN:-x}
      TOKEN: ${TOKEN:?needed}
      - ignored
    volumes:
      - type: bind
        source: /etc/app
        target: /etc/app
        read_only: true
"""


def test_fallbacks_mounts_and_inline() -> None:
    compose, _ = parse_compose(COMPOSE.replace("      - ignored\n", ""), "/srv/c.yml")
    service = compose.services[0]
    assert [f.text for f in service.secret_fallbacks] == ["DB_PASSWORD"]
    assert [v.text for v in service.volumes] == ["/etc/app:/etc/app:ro"]
    inline = service.dockerfile_inline
    assert inline is not None and inline.line == 6 and service.dockerfile_inline_block
    parsed = inline_dockerfile(inline.text, "/srv/c.yml", inline.line, "app")
    assert [(i.keyword, i.line) for i in parsed.instructions] == [("FROM", 6), ("ENV", 7), ("USER", 8)]
    assert parsed.service == "app" and [e.line for e in parsed.secret_vars] == [7]


def test_quoted_inline_dockerfile_cites_its_key_line() -> None:
    text = 'services:\n  a:\n    build:\n      dockerfile_inline: "FROM alpine:3.20\\nUSER 1"\n'
    service = parse_compose(text, "/c.yml")[0].services[0]
    assert service.dockerfile_inline is not None and not service.dockerfile_inline_block
    parsed = inline_dockerfile(service.dockerfile_inline.text, "/c.yml", 4, "a", block=False)
    assert {i.line for i in parsed.instructions} == {4}
