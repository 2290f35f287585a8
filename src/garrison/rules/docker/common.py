"""Helpers shared by the docker rules: judge every compose service (or Dockerfile) and aggregate."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from garrison.facts.docker.model import ComposeService, DockerFacts, Dockerfile, Scalar
from garrison.model import Evidence, Outcome, errored, evidence, failed, not_applicable, passed, unknown


@dataclass(frozen=True, slots=True)
class Flag:
    """One service's problem (or, with `unknown`, a value Garrison cannot judge)."""

    evidence: Evidence
    unknown: bool = False


Check = Callable[[ComposeService], Iterable[Flag]]


def flag(service: ComposeService, item: Scalar | None, actual: str, expected: str) -> Flag:
    """A problem at `item`'s line (or the service's line when the setting is absent)."""
    line = service.line if item is None else item.line
    return Flag(evidence(service.path, line, f"{service.name}: {actual}", expected))


def unresolved(service: ComposeService, item: Scalar) -> Flag:
    return Flag(
        evidence(service.path, item.line, f"{service.name}: unresolved variable in {item.text!r}"), True
    )


def _verdict(
    flags: list[Flag], errors: list[Evidence], total: int, what: str, bad: str, good: str
) -> Outcome:
    failing = [f.evidence for f in flags if not f.unknown]
    if failing:
        names = sorted({(e.actual or "").split(":", 1)[0] for e in failing})
        return failed(f"{len(names)} {what} {bad}: {', '.join(names)}", *failing)
    if errors:
        return errored(f"{len(errors)} file(s) cannot be used; none of the usable {what} {bad}", *errors)
    unsure = [f.evidence for f in flags if f.unknown]
    if unsure:
        return unknown(f"cannot judge {len(unsure)} setting(s): a variable is unresolved or hidden", *unsure)
    if total == 0:
        return not_applicable(f"no {what} found")
    return passed(f"all {total} {what} {good}" if good else f"none of {total} {what} {bad}")


def judge_services(docker: DockerFacts, check: Check, *, bad: str, good: str = "") -> Outcome:
    flags: list[Flag] = []
    errors: list[Evidence] = []
    total = 0
    for compose in docker.compose_files:
        if compose.error is not None:  # docker compose refuses the whole file: judge none of it
            errors.append(Evidence(compose.error.location, compose.error.message))
            continue
        for service in compose.services:
            total += 1
            flags.extend(check(service))
    return _verdict(flags, errors, total, "compose services", bad, good)


def judge_dockerfiles(
    docker: DockerFacts, check: Callable[[Dockerfile], Iterable[Flag]], *, bad: str
) -> Outcome:
    flags: list[Flag] = []
    errors: list[Evidence] = []
    total = 0
    for item in docker.dockerfiles:
        if item.error is not None:
            errors.append(Evidence(item.error.location, item.error.message))
            continue
        total += 1
        flags.extend(check(item))
    return _verdict(flags, errors, total, "Dockerfiles", bad, "")


def dockerfile_flag(item: Dockerfile, line: int | None, actual: str, expected: str) -> Flag:
    name = item.path.rsplit("/", 1)[-1]
    return Flag(evidence(item.path, line, f"{name}: {actual}", expected))


def split_image(reference: str) -> tuple[str, str | None, str | None]:
    """`registry:5000/name:tag@sha256:..` -> (name, tag or None, digest or None)."""
    ref, _, digest = reference.partition("@")
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ref[:colon], ref[colon + 1 :], digest or None
    return ref, None, digest or None
