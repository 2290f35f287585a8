"""Find compose files, Dockerfiles and env files: a few levels below /opt, /srv, /etc, /root, /home and the
user's `--path` directories. Bounded (depth, file count); node_modules and .git are skipped."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from garrison.targets.base import FileKind, FileStat, Target

ROOTS = ("/opt", "/srv", "/etc", "/root", "/home")
MAX_DEPTH = 3
MAX_FILES = 200
MAX_ENTRIES = 50_000
SKIP_DIRS = frozenset({"node_modules", ".git", "__pycache__", ".venv", "venv", ".cache"})
COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
COMPOSE_GLOBS = ("docker-compose.*.yml", "docker-compose.*.yaml", "compose.*.yaml", "compose.*.yml")
DOCKERFILE_GLOBS = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile")
ENV_GLOBS = (".env", "*.env", ".env.*")
EXAMPLE_WORDS = ("example", "sample", "template", "dist", "tmpl")


@dataclass(frozen=True, slots=True)
class ProjectFiles:
    compose: tuple[str, ...] = ()
    dockerfiles: tuple[str, ...] = ()
    env_files: tuple[str, ...] = ()


def is_example(name: str) -> bool:
    low = name.lower()
    return any(word in low for word in EXAMPLE_WORDS)


def _any_of(globs: Sequence[str]) -> re.Pattern[str]:
    """One pattern for a set of globs (as `fnmatch.fnmatchcase` with each): classify runs for every entry."""
    return re.compile("|".join(fnmatch.translate(glob) for glob in globs))


_COMPOSE, _DOCKERFILE, _ENV = _any_of(COMPOSE_GLOBS), _any_of(DOCKERFILE_GLOBS), _any_of(ENV_GLOBS)


def classify(name: str) -> str | None:
    if name in COMPOSE_NAMES or _COMPOSE.match(name):
        return "compose"
    if _DOCKERFILE.match(name) and not name.endswith((".md", ".txt")):
        return "dockerfile"
    if _ENV.match(name) and not is_example(name):
        return "env"
    return None


def _is_file(target: Target, item: FileStat) -> bool:
    """A file, or a symlink to one (compose and docker follow links: a linked compose file is used)."""
    if item.kind is FileKind.SYMLINK:
        linked = target.stat(item.path)
        return linked is not None and linked.kind is FileKind.FILE
    return item.kind is FileKind.FILE


def search_tops(search_paths: Sequence[str] = ()) -> tuple[str, ...]:
    """The directories searched: the user's `--path` ones (made absolute), then `ROOTS`."""
    return tuple(
        posixpath.normpath(top) if top.startswith("/") else "/" + top for top in (*search_paths, *ROOTS)
    )


def discover(target: Target, search_paths: Sequence[str] = ()) -> ProjectFiles:
    found: dict[str, list[str]] = {"compose": [], "dockerfile": [], "env": []}
    seen: set[str] = set()
    entries = 0
    for top in search_tops(search_paths):
        for item in target.walk(top, max_depth=MAX_DEPTH):
            entries += 1
            if entries > MAX_ENTRIES or sum(len(v) for v in found.values()) >= MAX_FILES:
                break
            if item.kind is FileKind.DIR or item.path in seen:
                continue
            parts = item.path.split("/")
            kind = classify(parts[-1])  # by name first: a symlink is resolved only when its name fits
            if kind is None or SKIP_DIRS.intersection(parts[:-1]) or not _is_file(target, item):
                continue
            seen.add(item.path)
            found[kind].append(item.path)
    return ProjectFiles(tuple(found["compose"]), tuple(found["dockerfile"]), tuple(found["env"]))
