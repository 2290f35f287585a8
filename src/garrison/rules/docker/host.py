"""Docker rules on the host side: who can drive the Docker daemon."""

from __future__ import annotations

from garrison.facts.docker import DockerFacts
from garrison.model import Dialect, Outcome, Relation, Severity, Wanted, failed, not_applicable, passed
from garrison.rules.expect import Effective
from garrison.rules.registry import rule
from garrison.rules.wording import listing, plural


@rule(
    id="docker.group-members",
    title="No account is a member of the docker group",
    problem="An account is a member of the docker group",
    severity=Severity.MEDIUM,
    rationale="Membership in the docker group is root without a password: `docker run -v /:/host` gives the "
    "whole host filesystem. Adding a service account (`usermod -aG docker mtproxy`) makes that account's "
    "compromise a host compromise.",
    remediation="gpasswd -d <user> docker   (use sudo for administration, or rootless Docker for services)",
    references=("guide:004 user management (dedicated user)",),
)
def group_members(docker: DockerFacts) -> Outcome:
    if docker.docker_group is None:
        return not_applicable("no docker group in /etc/group")
    line = docker.docker_group_line
    if docker.docker_group:
        members = listing(docker.docker_group)
        value = Effective.at(
            Dialect.GROUP, "/etc/group", "docker", members, line=line, shown=f"docker: {members}"
        )
        return failed(
            f"{plural(len(docker.docker_group), 'account')} can drive the Docker daemon: {members}",
            value.cite("no members", wanted=Wanted(Relation.ABSENT)),
        )
    empty = Effective.at(Dialect.GROUP, "/etc/group", "docker", "", line=line, shown="empty")
    return passed("the docker group has no members", empty.cite())
