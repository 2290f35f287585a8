"""Docker rules on bind mounts: host configuration and key material mounted writable into a container."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from garrison.facts.docker import ComposeService, DockerFacts
from garrison.model import Outcome, Severity
from garrison.rules.docker.common import Flag, flag, judge_services, unresolved
from garrison.rules.registry import rule

#: File name endings of keys, certificates and keystores.
_KEY_ENDINGS = (".key", ".pem", ".crt", ".cer", ".p12", ".pfx", ".jks", ".keystore", ".der")
#: Directory names that hold key material or secrets.
_KEY_DIRS = frozenset({"certs", "ssl", "tls", "private", "secrets", "letsencrypt", "keys", "pki", ".ssh"})
_READ_ONLY = frozenset({"ro", "readonly"})


def _split(text: str) -> tuple[str, str, frozenset[str]]:
    """`src:dst[:opts]` -> (source, target, options); a target-only entry has no source."""
    parts = text.split(":")
    if len(parts) == 1:
        return "", parts[0], frozenset()
    options = frozenset(o.strip().lower() for o in ":".join(parts[2:]).split(",") if o.strip())
    return parts[0], parts[1], options


def _sensitive(source: str) -> str | None:
    """What kind of host material a bind-mount source is: configuration, key material, or None."""
    if not source.startswith(("/", "./", "../", "~")) and source not in (".", ".."):
        return None  # a named volume: Docker's own storage, not a host path
    path = posixpath.normpath(source)
    words = set(path.lower().split("/"))
    if path.lower().endswith(_KEY_ENDINGS) or words & _KEY_DIRS:
        return "key material"
    if path == "/etc" or path.startswith("/etc/"):
        return "host configuration"
    return None


@rule(
    id="docker.config-mounts-read-only",
    title="Host configuration and key material are bind-mounted read-only",
    problem="A compose service bind-mounts host configuration or key material writable",
    severity=Severity.HIGH,
    rationale="A writable bind mount lets a compromised container rewrite the host's configuration or "
    "replace certificates and keys, which reaches far beyond the container on the next reload.",
    remediation="volumes:\n  - /etc/letsencrypt:/etc/letsencrypt:ro",
    references=("guide:004 docker security", "guide:001 container security"),
)
def config_mounts_read_only(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        for item in service.volumes:
            source, target, options = _split(item.text)
            kind = _sensitive(source)
            if kind is None:
                if item.unresolved:
                    yield unresolved(service, "volumes", item)
                continue
            if not options & _READ_ONLY:
                actual = f"{source} ({kind}) mounted writable at {target}"
                yield flag(service, "volumes", item, actual, f"{source}:{target}:ro")

    return judge_services(
        docker,
        check,
        bad=("mounts host configuration or keys writable", "mount host configuration or keys writable"),
    )
