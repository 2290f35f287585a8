"""Docker rules: the container's filesystem, user and resource limits."""

from __future__ import annotations

from collections.abc import Iterator

from garrison.facts.docker import ComposeService, DockerFacts, Dockerfile, Instruction
from garrison.model import Outcome, Severity
from garrison.rules.docker.common import Flag, flag, judge_services, unresolved
from garrison.rules.docker.dockerfiles import final_user
from garrison.rules.expect import context, equals
from garrison.rules.registry import rule

ROOT_USERS = frozenset({"root", "0"})
_MEMORY = "deploy.resources.limits.memory"


def is_root(user: str) -> bool:
    return user.strip().split(":", 1)[0] in ROOT_USERS


@rule(
    id="docker.read-only",
    title="Compose services run with a read-only root filesystem",
    problem="A compose service has a writable root filesystem",
    severity=Severity.MEDIUM,
    rationale="A read-only root filesystem stops an intruder from changing binaries or dropping tools in "
    "the container; writable paths are then explicit tmpfs or volumes.",
    remediation="read_only: true\ntmpfs:\n  - /tmp:noexec,nosuid,size=100m",
    references=("guide:004 docker security", "guide:001 container security"),
)
def read_only(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        item = service.read_only
        if item is not None and item.unresolved:
            yield unresolved(service, "read_only", item)
        elif item is None or not item.truthy:
            yield flag(
                service,
                "read_only",
                item,
                "read_only: false" if item else "read_only not set (default false)",
                "read_only: true",
                wanted=equals("true"),
            )

    return judge_services(
        docker,
        check,
        bad=("has a writable root filesystem", "have a writable root filesystem"),
        good=("has a read-only root filesystem", "have a read-only root filesystem"),
    )


def _built_as_root(service: ComposeService, built: Dockerfile, user: Instruction | None) -> Flag:
    """The service's image is built here as root: its last USER, or (none) where USER belongs."""
    actual = f"{service.name}: image built as root ({'no USER' if user is None else 'USER root'})"
    expected = "USER <non-root>"
    cited = built.effective("USER", actual, line=None if user is None else user.line).cite(expected)
    stage = built.final_stage()
    if user is not None or not stage:
        return Flag((cited,), False, service.name)
    return Flag((cited, context(built.path, stage[0].line, "final stage")), False, service.name)


@rule(
    id="docker.user-not-root",
    title="Compose services run as a non-root user",
    problem="A compose service runs as root",
    severity=Severity.MEDIUM,
    rationale="Root in a container is root on the host kernel's terms: one escape bug away from the host.",
    remediation='user: "10001:10001"   (or USER 10001 in the Dockerfile)',
    references=("guide:004 docker security", "guide:001 container security"),
)
def user_not_root(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        item = service.user
        if item is not None:
            if item.unresolved:
                yield unresolved(service, "user", item)
            elif is_root(item.text):
                yield flag(service, "user", item, f"user: {item.text}", "a non-root user")
            return
        built = docker.built_from(service)
        if built is not None and built.error is None:
            user = final_user(built)
            if user is None or is_root(user.value):
                yield _built_as_root(service, built, user)
            return
        yield flag(service, "user", None, "user comes from the image", None, unsure=True)

    return judge_services(
        docker,
        check,
        bad=("runs as root", "run as root"),
        good=("runs as a non-root user", "run as a non-root user"),
    )


@rule(
    id="docker.resource-limits",
    title="Compose services have a memory limit",
    problem="A compose service has no memory limit",
    severity=Severity.MEDIUM,
    rationale="Without a memory limit one runaway or attacked container can exhaust the host's memory "
    "and take every other service down.",
    remediation="deploy:\n  resources:\n    limits:\n      memory: 512M\n      cpus: '1.0'",
    references=("guide:004 docker security",),
)
def resource_limits(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        item = service.mem_limit
        if item is not None and item.unresolved:
            yield unresolved(service, _MEMORY, item)
        elif item is None or item.text.strip() in ("", "0", "-1"):
            yield flag(service, _MEMORY, item, "no memory limit", "deploy.resources.limits.memory")

    return judge_services(
        docker,
        check,
        bad=("has no memory limit", "have no memory limit"),
        good=("has a memory limit", "have a memory limit"),
    )


@rule(
    id="docker.tmpfs-noexec",
    title="Compose tmpfs mounts are noexec and nosuid",
    problem="A compose tmpfs mount allows execution or setuid",
    severity=Severity.LOW,
    rationale="A writable tmpfs that allows execution is where an intruder drops and runs a payload.",
    remediation="tmpfs:\n  - /tmp:noexec,nosuid,size=100m",
    references=("guide:004 docker security",),
)
def tmpfs_noexec(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        for item in service.tmpfs:
            options = set(item.text.partition(":")[2].replace(" ", "").split(","))
            missing = {"noexec", "nosuid"} - options
            if missing:
                yield flag(
                    service,
                    "tmpfs",
                    item,
                    f"tmpfs {item.text.partition(':')[0]} lacks {','.join(sorted(missing))}",
                    "noexec,nosuid",
                )

    return judge_services(docker, check, bad=("mounts an executable tmpfs", "mount an executable tmpfs"))
