"""docker facts: compose projects and Dockerfiles found on the target (see `gather`)."""

from __future__ import annotations

from functools import partial

from garrison.facts.docker.dockerfile import from_image
from garrison.facts.docker.model import (
    SERVICE_DEFAULTS,
    ComposeFile,
    ComposeService,
    DockerFacts,
    Dockerfile,
    EnvFileStat,
    Instruction,
    PortBinding,
    Scalar,
)
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = [
    "SERVICE_DEFAULTS",
    "ComposeFile",
    "ComposeService",
    "DockerFacts",
    "Dockerfile",
    "EnvFileStat",
    "Instruction",
    "PortBinding",
    "Scalar",
    "from_image",
    "gatherers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.docker.gather import gather_docker

    gather = partial(gather_docker, search_paths=options.search_paths)
    gather.__name__ = "gather_docker"  # type: ignore[attr-defined]
    return {DockerFacts: gather}
