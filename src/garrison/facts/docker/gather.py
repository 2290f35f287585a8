"""Gather the docker facts from the target: discovered compose files (with their .env), Dockerfiles (found
or referenced by a compose `build`), and the env files they use, with their modes."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from garrison.errors import TargetFileError
from garrison.facts.docker.compose import parse_compose
from garrison.facts.docker.discover import MAX_DEPTH, discover, search_tops
from garrison.facts.docker.dockerfile import parse_dockerfile
from garrison.facts.docker.envfile import EnvFile, parse_env_file, raw_values
from garrison.facts.docker.model import ComposeFile, DockerFacts, Dockerfile, EnvFileStat, Scalar
from garrison.facts.docker.presence import ABSENT, DOCKER_MARKERS, absent, docker_group, installed
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import SubjectAbsent
from garrison.model import Location, ParseIssue
from garrison.options import AuditOptions
from garrison.targets.base import Target


def _problem(exc: TargetFileError) -> ParseIssue:
    return ParseIssue(Location(exc.path), exc.message)


def _load_compose(target: Target, path: str) -> ComposeFile:
    dotenv_path = posixpath.join(posixpath.dirname(path), ".env")
    env: dict[str, str] = {}
    dotenv: EnvFile | None = None
    if target.stat(dotenv_path) is not None:
        try:
            text = target.read_text(dotenv_path)
            env = raw_values(text)
            dotenv = parse_env_file(text, dotenv_path)[0]
        except TargetFileError:
            pass  # judged by the env-file rules; interpolation then leaves values unresolved
    try:
        compose, _ = parse_compose(target.read_text(path), path, env)
    except TargetFileError as exc:
        return ComposeFile(path, error=_problem(exc))
    return ComposeFile(compose.path, compose.services, compose.error, compose.issues, dotenv)


def _load_dockerfile(target: Target, path: str) -> Dockerfile:
    try:
        return parse_dockerfile(target.read_text(path), path)[0]
    except TargetFileError as exc:
        return Dockerfile(path, error=_problem(exc))


def inline_dockerfile(
    text: str, path: str, first_line: int, service: str, *, block: bool = True
) -> Dockerfile:
    """A compose service's build.dockerfile_inline, read as a Dockerfile whose lines are the compose file's:
    line n of a `|` block is `first_line + n - 1`; a quoted or folded value cites `first_line` throughout."""
    parsed, _ = parse_dockerfile(text, path)

    def line(number: int) -> int:
        return first_line + number - 1 if block else first_line

    def moved(issue: ParseIssue | None) -> ParseIssue | None:
        if issue is None or issue.location.line is None:
            return issue
        return ParseIssue(Location(path, line(issue.location.line)), issue.message)

    return replace(
        parsed,
        instructions=tuple(replace(i, line=line(i.line)) for i in parsed.instructions),
        error=moved(parsed.error),
        issues=tuple(i for i in (moved(x) for x in parsed.issues) if i is not None),
        secret_vars=tuple(replace(e, line=line(e.line)) for e in parsed.secret_vars),
        service=service,
    )


def _env_stat(target: Target, path: str) -> EnvFileStat | None:
    info = target.stat(path)
    if info is None:
        return None
    try:
        parsed = parse_env_file(target.read_text(path), path)[0]
        secret = any(e.secret is not None and e.secret.literal for e in parsed.entries)
    except TargetFileError:
        secret = True  # unreadable to us: judge its mode as if it held secrets
    return EnvFileStat(path, info.mode, info.uid, secret)


def _reads(options: AuditOptions) -> Reads:
    return Reads(
        files=(DAEMON_JSON, *DOCKER_MARKERS, "/etc/group"),
        trees=tuple((top, MAX_DEPTH + 1) for top in search_tops(options.search_paths)),
        # a compose file's build context (its Dockerfile below it) and env files
        follows=(
            Follow(FollowKind.REFERENCE, ("build", "context", "dockerfile", "env_file", "path"), depth=2),
        ),
    )


@declares(_reads)
def gather_docker(target: Target, search_paths: Sequence[str] = ()) -> DockerFacts:
    files = discover(target, search_paths)
    composes = tuple(_load_compose(target, path) for path in files.compose)
    dockerfile_paths = list(files.dockerfiles)
    env_paths = list(files.env_files)
    for compose in composes:
        if compose.dotenv is not None or target.stat(posixpath.join(posixpath.dirname(compose.path), ".env")):
            env_paths.append(posixpath.join(posixpath.dirname(compose.path), ".env"))
        for service in compose.services:
            if service.dockerfile and target.stat(service.dockerfile) is not None:
                dockerfile_paths.append(service.dockerfile)
            env_paths.extend(item.text for item in service.env_files if not item.unresolved)
    group, group_line = docker_group(target)
    present = installed(target)
    if absent(files, group, present):
        raise SubjectAbsent(ABSENT)
    dockerfiles = tuple(_load_dockerfile(target, p) for p in dict.fromkeys(dockerfile_paths))
    inline = tuple(
        inline_dockerfile(
            s.dockerfile_inline.text,
            compose.path,
            s.dockerfile_inline.line,
            s.name,
            block=s.dockerfile_inline_block,
        )
        for compose in composes
        for s in compose.usable_services()
        if s.dockerfile_inline is not None
    )
    stats = (_env_stat(target, p) for p in dict.fromkeys(env_paths))
    return DockerFacts(
        composes,
        dockerfiles + inline,
        tuple(s for s in stats if s is not None),
        _daemon_nnp(target, DAEMON_JSON),
        DAEMON_JSON,
        group,
        group_line,
        present,
        datetime.now(UTC).date(),
    )


DAEMON_JSON = "/etc/docker/daemon.json"


def _daemon_nnp(target: Target, path: str) -> Scalar | None:
    """The daemon-wide "no-new-privileges" default (dockerd(8)); None when unset or unreadable."""
    if target.stat(path) is None:
        return None
    try:
        text = target.read_text(path)
        data = json.loads(text)
    except (TargetFileError, ValueError):
        return None
    if not isinstance(data, dict) or "no-new-privileges" not in data:
        return None
    match = re.search(r'"no-new-privileges"', text)
    line = text.count("\n", 0, match.start()) + 1 if match else 1
    return Scalar(str(data["no-new-privileges"]).lower(), line)
