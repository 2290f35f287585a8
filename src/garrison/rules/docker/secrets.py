"""Docker rules: secrets written into compose files, and the modes of the env files holding them."""

from __future__ import annotations

from collections.abc import Iterator

from garrison.facts.docker import ComposeService, DockerFacts
from garrison.model import Evidence, Outcome, Relation, Severity, Wanted, failed, not_applicable, passed
from garrison.rules.docker.common import Flag, at_line, judge_services
from garrison.rules.expect import file_mode
from garrison.rules.registry import rule
from garrison.rules.wording import agree, mode, plural


@rule(
    id="docker.secrets-inline",
    title="Compose files hold no inline secrets",
    problem="A compose file holds an inline secret",
    severity=Severity.HIGH,
    rationale="A compose file is copied, committed and shared far more than a 0600 env file or a secret "
    "store; a password written in it leaks with it.",
    remediation="environment:\n  MTG_SECRET: ${MTG_SECRET}   # value in a 0600 .env, or use compose secrets",
    references=("guide:004 secret management", "guide:001 secrets management"),
)
def secrets_inline(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        for entry in service.environment:
            shape = entry.secret
            if shape is not None and shape.literal:
                actual = f"{entry.name} is a {shape.describe()} written inline"
                key = f"environment.{entry.name}"
                yield at_line(service, key, entry.line, actual, "${VAR} from .env, env_file or secrets")
        for fallback in service.secret_fallbacks:
            actual = f"{fallback.text}: its ${{VAR:-default}} fallback is a secret written in the file"
            expected = "${VAR:?required} (no default in the file)"
            yield at_line(service, f"environment.{fallback.text}", fallback.line, actual, expected)

    return judge_services(docker, check, bad=("writes a secret inline", "write a secret inline"))


@rule(
    id="docker.env-file-mode",
    title="Env files with secrets are not readable by others",
    problem="An env file with secrets is open to other users",
    severity=Severity.MEDIUM,
    rationale="A world-readable .env hands its passwords and proxy secrets to every local user and "
    "every compromised service account.",
    remediation="chmod 600 .env   (or 640 with the deploying group)",
    references=("guide:004 secret management",),
)
def env_file_mode(docker: DockerFacts) -> Outcome:
    files = [item for item in docker.env_files if item.has_secrets]
    if not files:
        return not_applicable("no env file holding secrets found")
    loose: list[Evidence] = [
        file_mode(
            item.path, mode(item.mode), "0600 or 0640", wanted=Wanted(Relation.ONE_OF, ("0600", "0640"))
        )
        for item in files
        if item.mode is not None and item.mode & 0o007
    ]
    if loose:
        are = agree(len(loose), "is", "are")
        return failed(
            f"{plural(len(loose), 'env file')} with secrets {are} accessible to other users", *loose
        )
    are = agree(len(files), "is", "are")
    return passed(f"{plural(len(files), 'env file')} with secrets {are} closed to other users")
