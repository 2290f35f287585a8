"""Gather the secrets facts: MTProto proxy secrets and settings (env files, compose, mtg TOML), secret files
with their modes near service configs, and log directories of audited services with their logrotate cover.
Builds on the docker facts when present (compose environments, ports and project directories)."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Sequence

from garrison.errors import TargetFileError
from garrison.facts.docker.discover import MAX_DEPTH, discover, is_example, search_tops
from garrison.facts.docker.model import DockerFacts
from garrison.facts.listeners import AddressScope
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.secrets import mtproto
from garrison.facts.secrets.logrotate import covering, logrotate_paths
from garrison.facts.secrets.model import (
    Binding,
    LogDir,
    ProxySecret,
    ProxySetting,
    SecretsFacts,
    SensitiveFile,
)
from garrison.facts.secrets.shape import MTPROTO_SECRET_NAMES, SecretKind
from garrison.facts.store import FactStore, SubjectAbsent
from garrison.model import Dialect, Location, ParseIssue, SettingRef
from garrison.options import AuditOptions
from garrison.targets.base import FileKind, Target

SECRET_FILE_GLOBS = ("*.key", "*.secret", "*.secrets", "*-secrets", ".env", "*.env", ".env.*", "*.htpasswd")
SECRET_ROOTS = ("/etc", "/opt", "/srv")
SKIP_PREFIXES = ("/etc/ssl/certs/", "/etc/alternatives/", "/etc/apt/")
MAX_SECRET_FILES = 500
#: /var/log directories of the services Garrison audits (and the guides' services).
SERVICE_LOGS = (
    "mtproxy",
    "mtg",
    "mtproto-proxy",
    "siprec",
    "prosody",
    "ejabberd",
    "kamailio",
    "asterisk",
    "rtpengine",
    "proxdefend",
)
MTG_TOMLS = ("/etc/mtg.toml", "/etc/mtg/*.toml")
MTPROTO_IMAGES = ("mtg", "mtproto", "mtproxy", "telegrammessenger/proxy")


def _read(target: Target, path: str, problems: list[ParseIssue] | None = None) -> str | None:
    try:
        return target.read_text(path)
    except TargetFileError as exc:
        if problems is not None and target.stat(path) is not None:
            problems.append(ParseIssue(Location(exc.path), exc.message))
        return None


def _public_key(target: Target, path: str) -> bool:
    """A `.key` that is a public key (apt repository keys saved as *.key, PEM public keys)."""
    try:
        head = target.read_bytes(path, limit=1 << 20)[:4096]
    except TargetFileError:
        return False  # cannot tell: judge it as a private key
    return b"PUBLIC KEY" in head and b"PRIVATE KEY" not in head


def _sensitive(target: Target, tops: Sequence[str]) -> list[SensitiveFile]:
    found: dict[str, SensitiveFile] = {}
    for top in tops:
        for item in target.walk(top, max_depth=3):
            if len(found) >= MAX_SECRET_FILES:
                break
            if item.kind != FileKind.FILE or item.path.startswith(SKIP_PREFIXES):
                continue
            name = posixpath.basename(item.path)
            parent = posixpath.basename(posixpath.dirname(item.path))
            if any(part in ("node_modules", ".git") for part in item.path.split("/")):
                continue
            if parent == "secrets":
                kind = "secrets directory entry"
            elif any(fnmatch.fnmatchcase(name, g) for g in SECRET_FILE_GLOBS) and not is_example(name):
                if name.endswith(".key") and _public_key(target, item.path):
                    continue
                kind = (
                    "private key" if name.endswith(".key") else "env file" if "env" in name else "secret file"
                )
            else:
                continue
            found[item.path] = SensitiveFile(item.path, kind, item.mode, item.uid)
    return list(found.values())


def _from_compose(
    docker: DockerFacts,
) -> tuple[list[ProxySecret], list[ProxySetting], list[Binding], list[str]]:
    secrets, settings, stats, configs = [], [], [], []
    for compose in docker.compose_files:
        for service in compose.usable_services():
            image = (service.image.text if service.image else "").lower()
            names = {e.name.upper() for e in service.environment}
            specific = MTPROTO_SECRET_NAMES - mtproto.GENERIC_NAMES
            if not any(word in image for word in MTPROTO_IMAGES) and not names & specific:
                continue
            configs.append(compose.path)
            for entry in service.environment:
                where = Location(compose.path, entry.line)
                ref = SettingRef(Dialect.COMPOSE, compose.path, entry.name, service.name)
                if entry.name.upper() in MTPROTO_SECRET_NAMES and entry.secret is not None:
                    if entry.secret.kind not in (SecretKind.PLACEHOLDER, SecretKind.EMPTY):
                        secrets.append(ProxySecret(entry.name, where, entry.secret, ref))
                elif entry.name.upper() in mtproto.SETTINGS and entry.value is not None:
                    settings.append(ProxySetting(entry.name.upper(), entry.value, where, ref))
            for port in service.ports:
                if port.published is None:
                    continue
                where = Location(compose.path, port.line)
                ref = SettingRef(Dialect.COMPOSE, compose.path, "ports", service.name)
                if 3001 in range(port.target[0], port.target[1] + 1):
                    stats.append(Binding(port.host_ip or "0.0.0.0", port.published[0], where, ref))
                elif port.scope is not AddressScope.LOOPBACK:
                    settings.append(ProxySetting("COMPOSE_PORT", str(port.published[0]), where, ref))
    return secrets, settings, stats, configs


def _log_dirs(target: Target, project_dirs: Sequence[str]) -> list[LogDir]:
    globs: list[tuple[str, Location]] = []
    for path in ("/etc/logrotate.conf", *target.glob("/etc/logrotate.d/*")):
        text = _read(target, path)
        if text is not None:
            globs.extend(logrotate_paths(text, path))
    candidates = [(name, f"/var/log/{name}") for name in SERVICE_LOGS]
    candidates += [(posixpath.basename(d), posixpath.join(d, "logs")) for d in project_dirs]
    dirs = []
    for service, directory in candidates:
        files = tuple(
            (item.path, item.mode)
            for item in target.walk(directory, max_depth=1)
            if item.kind == FileKind.FILE
        )
        if files:
            dirs.append(
                LogDir(service, directory, files, covering(globs, directory, tuple(p for p, _ in files)))
            )
    return dirs


def project_paths(facts: object) -> tuple[str, ...]:
    """The compose projects' directories (scanned 3 deep, their logs/) and env files the docker facts name."""
    if not isinstance(facts, DockerFacts):
        return ()
    return (*(posixpath.dirname(c.path) for c in facts.compose_files), *(e.path for e in facts.env_files))


def _reads(options: AuditOptions) -> Reads:
    return Reads(
        files=("/etc/logrotate.conf",),
        globs=("/etc/logrotate.d/*", *MTG_TOMLS),
        trees=(
            *((top, MAX_DEPTH + 1) for top in search_tops(options.search_paths)),  # discover()
            *((top, 4) for top in (*options.search_paths, *SECRET_ROOTS)),  # _sensitive(), walked 3 deep
            *((f"/var/log/{name}", 2) for name in SERVICE_LOGS),
        ),
        needs=(DockerFacts,),
        follows=(Follow(FollowKind.FACT, depth=4, named_by=project_paths),),
    )


@declares(_reads)
def gather_secrets(target: Target, store: FactStore, search_paths: Sequence[str] = ()) -> SecretsFacts:
    docker = store.peek(DockerFacts)
    env_paths = list(discover(target, search_paths).env_files)
    project_dirs: list[str] = []
    secrets: list[ProxySecret] = []
    settings: list[ProxySetting] = []
    stats: list[Binding] = []
    configs: list[str] = []
    if docker is not None:
        env_paths.extend(e.path for e in docker.env_files)
        project_dirs = list(dict.fromkeys(posixpath.dirname(c.path) for c in docker.compose_files))
        secrets, settings, stats, configs = _from_compose(docker)
    problems: list[ParseIssue] = []
    for path in dict.fromkeys(env_paths):
        text = _read(target, path, problems)
        if text is None:
            continue
        found = mtproto.from_env_text(text, path)
        if any(found):
            configs.append(path)
        secrets += found[0]
        settings += found[1]
        stats += found[2]
    for pattern in MTG_TOMLS:
        for path in target.glob(pattern):
            text = _read(target, path, problems)
            if text is not None:
                found = mtproto.from_mtg_toml(text, path)
                configs.append(path)
                secrets += found[0]
                settings += found[1]
                stats += found[2]
    sensitive = _sensitive(target, (*search_paths, *SECRET_ROOTS, *project_dirs))
    if docker is not None:  # env files are judged by docker.env-file-mode; do not report them twice
        judged = {e.path for e in docker.env_files}
        sensitive = [f for f in sensitive if f.path not in judged]
    logs = _log_dirs(target, project_dirs)
    if not (secrets or settings or stats or configs or sensitive or logs or problems):
        raise SubjectAbsent("no proxy secrets, secret files or service logs found")
    return SecretsFacts(
        tuple(secrets),
        tuple(settings),
        tuple(dict.fromkeys(configs)),
        tuple(stats),
        tuple(sensitive),
        tuple(logs),
        tuple(problems),
    )
