"""Dockerfiles -> their instructions (dockerfile-parse), plus ENV/ARG entries that look like secrets.

`parse_dockerfile(text, path)` is pure and never raises: dockerfile-parse reads from memory (no file is
written) and any failure becomes the model's `error`. Shape:

    Dockerfile(path, instructions=(Instruction("FROM", "debian:12", 1), ...), secret_vars=(EnvEntry, ...))
"""

from __future__ import annotations

import io
import re
import shlex

from garrison.facts.docker.envfile import EnvEntry, make_entry
from garrison.facts.docker.model import Dockerfile, Instruction
from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

_KEYWORDS = frozenset(
    {
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
        "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    }
)  # fmt: skip


def _pairs(keyword: str, value: str) -> list[tuple[str, str]]:
    """`ENV A=1 B=2`, legacy `ENV A 1`, `ARG A=1`, `ARG A` -> [(name, value)]; values unquoted."""
    try:
        words = shlex.split(value, posix=True)
    except ValueError:
        words = value.split()
    if not words:
        return []
    if "=" not in words[0]:
        if keyword == "ENV" and len(words) > 1:
            return [(words[0], " ".join(words[1:]))]
        return []
    return [(w.partition("=")[0], w.partition("=")[2]) for w in words if "=" in w]


def parse_dockerfile(text: str, path: str) -> tuple[Dockerfile, tuple[ParseIssue, ...]]:
    from dockerfile_parse import DockerfileParser  # type: ignore[import-untyped]

    try:
        parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")))
        structure = parser.structure
    except Exception as exc:  # dockerfile-parse has no documented exception set
        issue = ParseIssue(Location(path, None), f"Dockerfile not understood: {type(exc).__name__}")
        return Dockerfile(path, error=issue), (issue,)
    instructions: list[Instruction] = []
    issues: list[ParseIssue] = []
    secrets: list[EnvEntry] = []
    for item in structure:
        keyword = str(item.get("instruction", "")).upper()
        line = int(item.get("startline", 0)) + 1
        value = str(item.get("value", ""))
        if keyword == "COMMENT":
            continue
        if keyword not in _KEYWORDS:
            issues.append(ParseIssue(Location(path, line), f"unknown instruction {shown(keyword)!r}"))
            continue
        instructions.append(Instruction(keyword, value, line))
        if keyword in ("ENV", "ARG"):
            for name, raw in _pairs(keyword, value):
                entry = make_entry(name, line, raw)
                if entry.secret is not None and entry.secret.literal:
                    secrets.append(entry)
    if not any(i.keyword == "FROM" for i in instructions):
        issue = ParseIssue(Location(path, 1), "no FROM instruction: not a Dockerfile")
        return Dockerfile(path, error=issue), (issue, *issues)
    return Dockerfile(path, tuple(instructions), None, tuple(issues), tuple(secrets)), tuple(issues)


_FROM_FLAGS = re.compile(r"^--\S+\s+")


def from_image(value: str) -> tuple[str, str | None]:
    """`FROM [--platform=..] image[:tag|@digest] [AS name]` -> (image reference, stage name)."""
    text = value.strip()
    while _FROM_FLAGS.match(text):
        text = _FROM_FLAGS.sub("", text, count=1)
    words = text.split()
    if not words:
        return "", None
    name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
    return words[0], name
