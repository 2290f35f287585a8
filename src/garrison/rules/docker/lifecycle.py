"""Docker rules on image lifecycles: images and base images whose release is past its end of life
(`data.image_releases`, judged against the audit's clock)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from garrison.data.image_releases import ImageRelease, releases_of
from garrison.facts.docker import ComposeService, DockerFacts, Dockerfile, from_image
from garrison.model import Outcome, Severity, Status
from garrison.rules.docker.common import Flag, dockerfile_flag, flag, judge_dockerfiles, judge_services
from garrison.rules.registry import rule

_EXPECTED = "a release that still gets security updates"


def _ended(reference: str, today: date) -> list[ImageRelease]:
    return [r for r in releases_of(reference) if r.eol < today]


def _said(reference: str, ended: list[ImageRelease]) -> str:
    parts = ", ".join(f"{r.product} ended {r.eol.isoformat()}" for r in ended)
    return f"{reference.strip()}: {parts}"


def _services(docker: DockerFacts, today: date) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        item = service.image
        if item is None or item.unresolved or service.build_context is not None:
            return  # built here: its Dockerfile's FROM is judged
        ended = _ended(item.text, today)
        if ended:
            yield flag(service, "image", item, _said(item.text, ended), _EXPECTED)

    return judge_services(docker, check, bad=("runs an end-of-life image", "run an end-of-life image"))


def _dockerfiles(docker: DockerFacts, today: date) -> Outcome:
    def check(item: Dockerfile) -> Iterator[Flag]:
        stages: set[str] = set()
        for ins in item.instructions:
            if ins.keyword != "FROM":
                continue
            image, stage = from_image(ins.value)
            if stage:
                stages.add(stage.lower())
            if image.lower() in stages or "$" in image:
                continue
            ended = _ended(image, today)
            if ended:
                yield dockerfile_flag(item, "FROM", ins.line, f"FROM {_said(image, ended)}", _EXPECTED)

    return judge_dockerfiles(
        docker, check, bad=("builds on an end-of-life image", "build on an end-of-life image")
    )


@rule(
    id="docker.image-eol",
    title="Images and base images are releases that still get security updates",
    problem="A compose service or Dockerfile uses an image whose release is past its end of life",
    severity=Severity.HIGH,
    rationale="Once a distribution, language runtime or database release reaches its end of life no fix "
    "is published for it any more, so every vulnerability found afterwards stays open in the image.",
    remediation="FROM python:3.13-slim-bookworm   (a supported release; rebuild regularly)",
    references=("guide:004 image security", "guide:001 container security"),
)
def image_eol(docker: DockerFacts) -> Outcome:
    today = docker.today or date.today()
    outcomes = [_services(docker, today), _dockerfiles(docker, today)]
    for status in (Status.FAIL, Status.ERROR, Status.UNKNOWN, Status.PASS):
        chosen = [o for o in outcomes if o.status is status]
        if chosen:
            message = "; ".join(o.message for o in chosen)
            return Outcome(
                status, f"{message} (as of {today.isoformat()})", tuple(e for o in chosen for e in o.evidence)
            )
    return outcomes[0]
