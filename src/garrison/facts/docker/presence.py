"""Whether docker is a subject on the target at all, without loading the docker pack's parsers.

The same answer `gather_docker` acts on (it calls `absence` first): no compose file or Dockerfile is
discovered, `/etc/group` has no `docker` group and no docker program or `/etc/docker` is there. An audit asks
this before it imports the docker rules (`facts.catalog.absent_subjects`).
"""

from __future__ import annotations

from garrison.errors import TargetFileError
from garrison.facts.docker.discover import ProjectFiles, discover
from garrison.options import AuditOptions
from garrison.targets.base import Target

DOCKER_MARKERS = ("/usr/bin/dockerd", "/usr/sbin/dockerd", "/etc/docker")
ABSENT = "no docker installation, compose file or Dockerfile found"


def docker_group(target: Target) -> tuple[tuple[str, ...] | None, int | None]:
    """Members of group(5) `docker` (name:password:GID:user_list) and its line; (None, None) without one."""
    try:
        text = target.read_text("/etc/group") if target.stat("/etc/group") is not None else ""
    except TargetFileError:
        return None, None
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split(":")
        if len(fields) >= 4 and fields[0] == "docker":
            return tuple(m for m in fields[3].split(",") if m.strip()), number
    return None, None


def installed(target: Target) -> bool:
    return any(target.stat(p) is not None for p in DOCKER_MARKERS)


def absent(files: ProjectFiles, group: tuple[str, ...] | None, present: bool) -> bool:
    """No project file, no docker group, no installation (a compose file's own `build` Dockerfiles are only
    found through a compose file, which already makes docker present)."""
    return not files.compose and not files.dockerfiles and group is None and not present


def absence(target: Target, options: AuditOptions) -> str | None:
    """Why docker is not a subject here, or None when it is."""
    files = discover(target, options.search_paths)
    if absent(files, docker_group(target)[0], installed(target)):
        return ABSENT
    return None
