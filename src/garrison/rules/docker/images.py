"""Docker rules: which images compose services run, and which ports they publish."""

from __future__ import annotations

from collections.abc import Iterator

from garrison.facts.docker import ComposeService, DockerFacts
from garrison.facts.exposure import Exposure, ExposureFacts, policy_for, policy_table
from garrison.facts.listeners import AddressScope
from garrison.model import Outcome, Severity
from garrison.rules.docker.common import Flag, at_line, flag, judge_services, split_image, unresolved
from garrison.rules.registry import rule

MAX_PORTS = 4096  # of one published range


@rule(
    id="docker.image-tag-latest",
    title="Compose images name a version tag, not latest",
    problem="A compose service runs a floating latest image",
    severity=Severity.MEDIUM,
    rationale="`latest` (or no tag) changes under you at the next pull: an unreviewed image, possibly a "
    "breaking or compromised one, runs after a routine restart.",
    remediation="image: nineseconds/mtg:2.1.7   (a version tag, ideally with @sha256:<digest>)",
    references=("guide:004 image security",),
)
def image_tag_latest(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        item = service.image
        if item is None:
            return
        if item.unresolved:
            yield unresolved(service, "image", item)
            return
        _, tag, digest = split_image(item.text.strip())
        if digest is None and (tag is None or tag == "latest"):
            yield flag(service, "image", item, f"image {item.text}", "a version tag")

    return judge_services(docker, check, bad=("runs a floating latest image", "run a floating latest image"))


@rule(
    id="docker.image-unpinned",
    title="Compose images are pinned by digest",
    problem="A compose image is not pinned by digest",
    severity=Severity.LOW,
    rationale="A tag can be moved to another image by whoever controls the registry; a digest names "
    "exactly the reviewed image.",
    remediation="image: nineseconds/mtg:2.1.7@sha256:<digest>",
)
def image_unpinned(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        item = service.image
        if item is None or service.build_context is not None:
            return  # built locally: the Dockerfile's FROM is judged instead
        if item.unresolved:
            yield unresolved(service, "image", item)
        elif split_image(item.text.strip())[2] is None:
            yield flag(service, "image", item, f"image {item.text} has no digest", "image@sha256:<digest>")

    return judge_services(
        docker, check, bad=("runs an image without a digest", "run an image without a digest")
    )


@rule(
    id="docker.admin-port-public",
    title="Compose services publish admin and stats ports on loopback only",
    problem="A compose service publishes an admin or stats port beyond loopback",
    severity=Severity.HIGH,
    rationale="Docker publishes ports through its own NAT rules, before the INPUT chain, so a published "
    "stats or admin port (MTProto stats 3001, ejabberd 5280, databases) is open to the internet even "
    "when ufw or iptables INPUT would drop it.",
    remediation='ports:\n  - "127.0.0.1:3001:3001"',
    references=("guide:004 monitoring (stats on localhost)", "guide:002 port table"),
)
def admin_port_public(docker: DockerFacts, exposure: ExposureFacts) -> Outcome:
    table = policy_table(dict(exposure.overrides))  # garrison.toml [exposure] applies here too

    def check(service: ComposeService) -> Iterator[Flag]:
        who = f"compose:{service.name} {service.image.text if service.image else ''}"
        for port in service.ports:
            if port.unresolved:
                yield at_line(service, "ports", port.line, "unresolved port mapping", None, unsure=True)
                continue
            if port.scope is AddressScope.LOOPBACK:
                continue
            published = range(port.published[0], port.published[1] + 1) if port.published else range(0)
            numbers = (*published, *range(port.target[0], port.target[1] + 1))
            found = (policy_for(table, n, port.proto, who) for n in numbers[:MAX_PORTS])
            hit = next((p for p in found if p is not None and p.policy is not Exposure.PUBLIC), None)
            if hit is not None:
                where = port.host_ip or "every interface"
                actual = f"{hit.service} port {hit.port}/{hit.proto} published on {where}"
                yield at_line(service, "ports", port.line, actual, "127.0.0.1:<port>:<port>")

    return judge_services(
        docker,
        check,
        bad=(
            "publishes an admin or stats port beyond loopback",
            "publish an admin or stats port beyond loopback",
        ),
    )
