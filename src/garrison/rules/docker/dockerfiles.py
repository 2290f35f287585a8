"""Docker rules on Dockerfiles: the image's user, its base image, ADD from URLs, baked-in secrets."""

from __future__ import annotations

from collections.abc import Iterator

from garrison.facts.docker import DockerFacts, Dockerfile, Instruction, from_image
from garrison.model import Outcome, Severity
from garrison.rules.docker.common import (
    Flag,
    dockerfile_flag,
    judge_dockerfiles,
    missing_instruction,
    split_image,
)
from garrison.rules.registry import rule


def final_user(item: Dockerfile) -> Instruction | None:
    """The last USER of the final stage (None: the image runs as root unless the base image set a user)."""
    users = [i for i in item.final_stage() if i.keyword == "USER"]
    return users[-1] if users else None


@rule(
    id="docker.dockerfile-user",
    title="Dockerfiles switch to a non-root USER",
    problem="A Dockerfile leaves the image running as root",
    severity=Severity.MEDIUM,
    rationale="Without USER (or with USER root) the service runs as root inside the container.",
    remediation="USER 10001:10001",
    references=("guide:001 container security",),
)
def dockerfile_user(docker: DockerFacts) -> Outcome:
    def check(item: Dockerfile) -> Iterator[Flag]:
        user = final_user(item)
        if user is None:
            start = item.final_stage()[0].line if item.final_stage() else None
            yield missing_instruction(
                item, "USER", start, "final stage has no USER (runs as root)", "USER <non-root>"
            )
        elif user.value.strip().split(":", 1)[0] in ("root", "0"):
            yield dockerfile_flag(item, "USER", user.line, f"USER {user.value}", "USER <non-root>")

    return judge_dockerfiles(docker, check, bad=("runs as root", "run as root"))


@rule(
    id="docker.dockerfile-add-url",
    title="Dockerfiles do not ADD remote URLs",
    problem="A Dockerfile ADDs a remote URL without a checksum",
    severity=Severity.MEDIUM,
    rationale="ADD fetches a URL at build time without any checksum, so a changed or hijacked download "
    "ends up in the image unnoticed.",
    remediation="RUN curl -fsSLo /tmp/x.tgz <url> && echo '<sha256>  /tmp/x.tgz' | sha256sum -c -",
)
def dockerfile_add_url(docker: DockerFacts) -> Outcome:
    def check(item: Dockerfile) -> Iterator[Flag]:
        for ins in item.instructions:
            words = [w for w in ins.value.split() if not w.startswith("--")]
            if ins.keyword == "ADD" and any(
                w.startswith(("http://", "https://", "git@")) for w in words[:-1]
            ):
                has_checksum = "--checksum=" in ins.value
                if not has_checksum:
                    yield dockerfile_flag(
                        item, "ADD", ins.line, "ADD from a URL without --checksum", "verified download"
                    )

    return judge_dockerfiles(docker, check, bad=("ADDs an unverified URL", "ADD an unverified URL"))


@rule(
    id="docker.dockerfile-latest-base",
    title="Dockerfile base images name a version tag",
    problem="A Dockerfile builds on a floating latest base image",
    severity=Severity.MEDIUM,
    rationale="FROM image:latest (or no tag) builds on whatever the registry serves that day.",
    remediation="FROM debian:12.7-slim   (or pin @sha256:<digest>)",
    references=("guide:004 image security",),
)
def dockerfile_latest_base(docker: DockerFacts) -> Outcome:
    def check(item: Dockerfile) -> Iterator[Flag]:
        stages: set[str] = set()
        for ins in item.instructions:
            if ins.keyword != "FROM":
                continue
            image, name = from_image(ins.value)
            if name:
                stages.add(name.lower())
            if image.lower() in stages or image == "scratch":
                continue
            if "$" in image:
                yield dockerfile_flag(
                    item, "FROM", ins.line, f"FROM {image} (build argument)", None, unsure=True
                )
                continue
            _, tag, digest = split_image(image)
            if digest is None and (tag is None or tag == "latest"):
                yield dockerfile_flag(item, "FROM", ins.line, f"FROM {image}", "a version tag or digest")

    return judge_dockerfiles(
        docker, check, bad=("builds on a floating latest base", "build on a floating latest base")
    )


@rule(
    id="docker.dockerfile-secrets",
    title="Dockerfiles bake no secrets into ENV or ARG",
    problem="A Dockerfile bakes a secret into ENV or ARG",
    severity=Severity.HIGH,
    rationale="ENV and ARG values are stored in the image layers and history: anyone who can pull the "
    "image can read them.",
    remediation="Pass secrets at run time (compose secrets, env_file) or use RUN --mount=type=secret.",
    references=("guide:001 secrets management", "guide:004 secret management"),
)
def dockerfile_secrets(docker: DockerFacts) -> Outcome:
    def check(item: Dockerfile) -> Iterator[Flag]:
        for entry in item.secret_vars:
            shape = entry.secret.describe() if entry.secret else "a value"
            yield dockerfile_flag(
                item, entry.name, entry.line, f"{entry.name} holds a {shape}", "no secret in the image"
            )

    return judge_dockerfiles(
        docker, check, bad=("bakes a secret into the image", "bake a secret into the image")
    )
