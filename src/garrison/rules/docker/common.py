"""Helpers shared by the docker rules: judge every compose service (or Dockerfile) and aggregate."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from garrison.facts.docker.model import ComposeService, DockerFacts, Dockerfile, Scalar
from garrison.model import Evidence, Outcome, errored, evidence, failed, not_applicable, passed, unknown
from garrison.rules.wording import agree, listing, plural

#: A verb phrase for one item and for several: ("runs privileged", "run privileged").
Phrase = tuple[str, str]
_SERVICES: Phrase = ("compose service", "compose services")
_DOCKERFILES: Phrase = ("Dockerfile", "Dockerfiles")


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
        evidence(service.path, item.line, f"{service.name}: unresolved variable in {item.text}"), True
    )


def _verdict(
    flags: list[Flag], errors: list[Evidence], total: int, what: Phrase, bad: Phrase, good: Phrase | None
) -> Outcome:
    failing = [f.evidence for f in flags if not f.unknown]
    if failing:
        names = sorted({(e.actual or "").split(":", 1)[0] for e in failing})
        count = len(names)
        return failed(f"{count} {agree(count, *what)} {agree(count, *bad)}: {listing(names)}", *failing)
    if errors:
        usable = f"none of the usable {what[1]} {bad[1]}"
        return errored(f"{plural(len(errors), 'file')} cannot be used; {usable}", *errors)
    unsure = [f.evidence for f in flags if f.unknown]
    if unsure:
        return unknown(
            f"cannot judge {plural(len(unsure), 'setting')}: a variable is unresolved or hidden", *unsure
        )
    if total == 0:
        return not_applicable(f"no {what[1]} found")
    if good is None:
        return passed(f"no {what[0]} {bad[0]} ({total} checked)")
    return passed(f"the only {what[0]} {good[0]}" if total == 1 else f"all {total} {what[1]} {good[1]}")


def judge_services(docker: DockerFacts, check: Check, *, bad: Phrase, good: Phrase | None = None) -> Outcome:
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
    return _verdict(flags, errors, total, _SERVICES, bad, good)


def judge_dockerfiles(
    docker: DockerFacts, check: Callable[[Dockerfile], Iterable[Flag]], *, bad: Phrase
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
    return _verdict(flags, errors, total, _DOCKERFILES, bad, None)


def dockerfile_flag(item: Dockerfile, line: int | None, actual: str, expected: str | None) -> Flag:
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
