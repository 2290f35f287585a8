"""Helpers shared by the docker rules: judge every compose service (or Dockerfile) and fold the verdicts.

A check yields `Flag`s for one service or Dockerfile; each subject's flags make its outcome (a problem
fails it, else an unresolved value leaves it unknown) and `rules.expect.fold` combines the subjects; a
compose file or Dockerfile that cannot be used at all is an error. Settings are cited through the
`Effective` the pack gives (`ComposeService.effective`, `Dockerfile.effective`): compose setting references
scoped to the service, or Docker's default (`SERVICE_DEFAULTS`) with the service block as context when the
service leaves the setting out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from garrison.facts.docker import ComposeService, DockerFacts, Dockerfile, Scalar
from garrison.model import Evidence, Outcome, Status, Wanted, errored, failed, passed, unknown
from garrison.rules.expect import context, fold, unusable
from garrison.rules.wording import agree, listing, plural

#: A verb phrase for one item and for several: ("runs privileged", "run privileged").
Phrase = tuple[str, str]
_SERVICES: Phrase = ("compose service", "compose services")
_DOCKERFILES: Phrase = ("Dockerfile", "Dockerfiles")


@dataclass(frozen=True, slots=True)
class Flag:
    """One subject's problem (or, with `unknown`, a value Garrison cannot judge), with its evidence."""

    evidence: tuple[Evidence, ...]
    unknown: bool = False
    name: str = ""  # how the message names the subject: the service, or the Dockerfile's file name


Check = Callable[[ComposeService], Iterable[Flag]]


def flag(
    service: ComposeService,
    key: str,
    item: Scalar | None,
    actual: str,
    expected: str | None,
    *,
    wanted: Wanted | None = None,
    unsure: bool = False,
) -> Flag:
    """A problem with `key` at `item`'s line, or (`item` None, the setting left out) Docker's default
    cited where the setting belongs, with the service's block as context."""
    value = service.effective(key, item, shown=f"{service.name}: {actual}")
    cited = value.cite(expected, wanted=wanted)
    if not value.is_default:
        return Flag((cited,), unsure, service.name)
    block = context(service.path, service.line, f"service {service.name}")
    return Flag((cited, block), unsure, service.name)


def at_line(
    service: ComposeService, key: str, line: int, actual: str, expected: str | None, *, unsure: bool = False
) -> Flag:
    """A problem with `key` at `line` (a port mapping, an environment entry)."""
    return flag(service, key, Scalar(actual, line, unsure), actual, expected, unsure=unsure)


def unresolved(service: ComposeService, key: str, item: Scalar) -> Flag:
    return flag(service, key, item, f"unresolved variable in {item.text}", None, unsure=True)


def _subject(flags: list[Flag]) -> Outcome:
    """One subject's outcome from its flags (messages are made once all subjects are folded)."""
    failing = [e for f in flags if not f.unknown for e in f.evidence]
    if failing:
        return failed("", *failing)
    unsure = [e for f in flags if f.unknown for e in f.evidence]
    return unknown("", *unsure) if unsure else passed("")


def _message(
    outcome: Outcome, flags: list[Flag], total: int, what: Phrase, bad: Phrase, good: Phrase | None
) -> str:
    if outcome.status is Status.FAIL:
        names = sorted({f.name for f in flags if not f.unknown})
        count = len(names)
        return f"{count} {agree(count, *what)} {agree(count, *bad)}: {listing(names)}"
    if outcome.status is Status.ERROR:
        usable = f"none of the usable {what[1]} {bad[1]}"
        return f"{plural(len(outcome.evidence), 'file')} cannot be used; {usable}"
    if outcome.status is Status.UNKNOWN:
        unsure = sum(1 for f in flags if f.unknown)
        return f"cannot judge {plural(unsure, 'setting')}: a variable is unresolved or hidden"
    if outcome.status is not Status.PASS:
        return outcome.message
    if good is None:
        return f"no {what[0]} {bad[0]} ({total} checked)"
    return f"the only {what[0]} {good[0]}" if total == 1 else f"all {total} {what[1]} {good[1]}"


def _folded(
    judged: list[tuple[str, Outcome]], flags: list[Flag], what: Phrase, bad: Phrase, good: Phrase | None
) -> Outcome:
    total = sum(1 for _, o in judged if o.status is not Status.ERROR)
    outcome = fold(judged, passed_message="", absent=f"no {what[1]} found")
    if outcome.status is Status.NOT_APPLICABLE:
        return outcome
    return replace(outcome, message=_message(outcome, flags, total, what, bad, good))


def judge_services(docker: DockerFacts, check: Check, *, bad: Phrase, good: Phrase | None = None) -> Outcome:
    judged: list[tuple[str, Outcome]] = []
    flags: list[Flag] = []
    for compose in docker.compose_files:
        if compose.error is not None:  # docker compose refuses the whole file: judge none of it
            where = unusable(compose.error.location, compose.error.message)
            judged.append((compose.path, errored(compose.error.message, where)))
            continue
        for service in compose.services:
            found = list(check(service))
            flags += found
            judged.append((service.name, _subject(found)))
    return _folded(judged, flags, _SERVICES, bad, good)


def judge_dockerfiles(
    docker: DockerFacts, check: Callable[[Dockerfile], Iterable[Flag]], *, bad: Phrase
) -> Outcome:
    judged: list[tuple[str, Outcome]] = []
    flags: list[Flag] = []
    for item in docker.dockerfiles:
        key = item.path if item.service is None else f"{item.path} ({item.service})"
        if item.error is not None:
            where = unusable(item.error.location, item.error.message)
            judged.append((key, errored(item.error.message, where)))
            continue
        found = list(check(item))
        flags += found
        judged.append((key, _subject(found)))
    return _folded(judged, flags, _DOCKERFILES, bad, None)


def dockerfile_flag(
    item: Dockerfile,
    key: str,
    line: int,
    actual: str,
    expected: str | None,
    *,
    wanted: Wanted | None = None,
    unsure: bool = False,
) -> Flag:
    """A problem with the instruction `key` (USER, FROM, ADD, `ENV NAME`) at `line`."""
    name = dockerfile_name(item)
    value = item.effective(key, actual, line=line, shown=f"{name}: {actual}")
    return Flag((value.cite(expected, wanted=wanted),), unsure, name)


def missing_instruction(
    item: Dockerfile, key: str, where: int | None, actual: str, expected: str, wanted: Wanted | None = None
) -> Flag:
    """An instruction the final stage lacks: cited where it belongs (the Dockerfile, line None, Docker's
    default), with the stage's FROM line as context."""
    name = dockerfile_name(item)
    cited = item.effective(key, actual, line=None, shown=f"{name}: {actual}").cite(expected, wanted=wanted)
    if where is None:
        return Flag((cited,), False, name)
    return Flag((cited, context(item.path, where, f"{name}: final stage")), False, name)


def dockerfile_name(item: Dockerfile) -> str:
    """How messages name a Dockerfile: its file name, or the compose service whose inline Dockerfile it is."""
    name = item.path.rsplit("/", 1)[-1]
    return name if item.service is None else f"{name} service {item.service} (dockerfile_inline)"


def split_image(reference: str) -> tuple[str, str | None, str | None]:
    """`registry:5000/name:tag@sha256:..` -> (name, tag or None, digest or None)."""
    ref, _, digest = reference.partition("@")
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ref[:colon], ref[colon + 1 :], digest or None
    return ref, None, digest or None
