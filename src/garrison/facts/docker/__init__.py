"""docker facts: compose projects and Dockerfiles found on the target (see `gather`).

A lazy face (`facts.lazyface`): `presence` answers whether docker is a subject here without loading the
models and parsers below.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from garrison.facts.lazyface import homes, lazy_face

if TYPE_CHECKING:
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

_MODEL = ("SERVICE_DEFAULTS", "ComposeFile", "ComposeService", "DockerFacts", "Dockerfile", "EnvFileStat")
__getattr__ = lazy_face(
    __name__,
    homes(**{
        "garrison.facts.docker.dockerfile": ("from_image",),
        "garrison.facts.docker.model": (*_MODEL, "Instruction", "PortBinding", "Scalar"),
    }),
)  # fmt: skip


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.docker.gather import gather_docker
    from garrison.facts.docker.model import DockerFacts

    gather = partial(gather_docker, search_paths=options.search_paths)
    gather.__name__ = "gather_docker"  # type: ignore[attr-defined]
    return {DockerFacts: gather}
