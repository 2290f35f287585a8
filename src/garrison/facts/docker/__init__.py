"""docker facts: compose projects and Dockerfiles found on the target (see `gather`)."""

from __future__ import annotations

from functools import partial

from garrison.facts.docker.model import DockerFacts
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.docker.gather import gather_docker

    gather = partial(gather_docker, search_paths=options.search_paths)
    gather.__name__ = "gather_docker"  # type: ignore[attr-defined]
    return {DockerFacts: gather}
