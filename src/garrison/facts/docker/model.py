"""The docker facts: compose projects (effective services) and Dockerfiles, as frozen values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from garrison.effective import Effective
from garrison.facts.docker.envfile import EnvEntry, EnvFile
from garrison.facts.listeners import AddressScope, IpProtocol, Listener, ReportsListeners, address_scope
from garrison.model import Dialect, Location, ParseIssue, SettingRef

#: Most ports of one published range that become listeners (a range is reported by its first ports).
MAX_RANGE_LISTENERS = 64
#: What Docker Engine does when a compose service leaves a setting out.
SERVICE_DEFAULTS: Mapping[str, str] = MappingProxyType(
    {
        "read_only": "false",
        "privileged": "false",
        "security_opt": "no-new-privileges:false",
        "cap_drop": "none (Docker's default capability set)",
        "user": "the image's user",
        "deploy.resources.limits.memory": "unlimited",
    }
)


@dataclass(frozen=True, slots=True)
class Scalar:
    """One setting after interpolation: its text, line, and whether a `${VAR}` stayed unresolved."""

    text: str
    line: int
    unresolved: bool = False

    @property
    def truthy(self) -> bool:
        return self.text.strip().lower() in ("true", "yes", "1", "on")


@dataclass(frozen=True, slots=True)
class PortBinding:
    host_ip: str  # "" means every interface (docker's default)
    published: tuple[int, int] | None  # host port range; None = an ephemeral port docker picks
    target: tuple[int, int]  # container port range
    proto: IpProtocol
    line: int
    unresolved: bool = False

    @property
    def scope(self) -> AddressScope:
        return address_scope(self.host_ip)


@dataclass(frozen=True, slots=True)
class ComposeService:
    name: str
    path: str
    line: int
    image: Scalar | None = None
    build_context: str | None = None  # absolute path of the build context on the target
    dockerfile: str | None = None  # absolute path of the Dockerfile when built here
    user: Scalar | None = None
    read_only: Scalar | None = None
    privileged: Scalar | None = None
    network_mode: Scalar | None = None
    pid: Scalar | None = None
    ipc: Scalar | None = None
    restart: Scalar | None = None
    mem_limit: Scalar | None = None  # deploy.resources.limits.memory or mem_limit
    cpu_limit: Scalar | None = None  # deploy.resources.limits.cpus or cpus
    security_opt: tuple[Scalar, ...] = ()
    cap_add: tuple[Scalar, ...] = ()
    cap_drop: tuple[Scalar, ...] = ()
    tmpfs: tuple[Scalar, ...] = ()
    volumes: tuple[Scalar, ...] = ()  # "source:target[:mode]" (long syntax normalised to this)
    ports: tuple[PortBinding, ...] = ()
    environment: tuple[EnvEntry, ...] = ()
    env_files: tuple[Scalar, ...] = ()  # absolute paths on the target
    dockerfile_inline: Scalar | None = None  # build.dockerfile_inline: its text, line = its first line
    dockerfile_inline_block: bool = True  # a `|` block (one compose line per line), else all on the key line
    secret_fallbacks: tuple[Scalar, ...] = ()  # entries whose `${VAR:-literal}` default is a secret: keys

    def location(self, line: int | None = None) -> Location:
        return Location(self.path, self.line if line is None else line)

    def effective(self, key: str, item: Scalar | None, *, shown: str | None = None) -> Effective[str]:
        """`key` as `item` sets it, or Docker's default (`SERVICE_DEFAULTS`) when the service leaves it
        out (`item` None), scoped to the service; `shown` is how a message shows it (default: the text)."""
        if item is None:
            text = SERVICE_DEFAULTS.get(key, "")
            return Effective.default(Dialect.COMPOSE, self.path, key, text, shown=shown, scope=self.name)
        return Effective.at(
            Dialect.COMPOSE, self.path, key, item.text, line=item.line, shown=shown, scope=self.name
        )

    def ref(self, key: str) -> SettingRef:
        return SettingRef(Dialect.COMPOSE, self.path, key, self.name)


@dataclass(frozen=True, slots=True)
class ComposeFile:
    path: str
    services: tuple[ComposeService, ...] = ()
    error: ParseIssue | None = None  # the file could not be used at all (syntax error, wrong shape)
    issues: tuple[ParseIssue, ...] = ()
    dotenv: EnvFile | None = None  # the .env next to the compose file

    def usable_services(self) -> tuple[ComposeService, ...]:
        """The services, unless the file has an error (docker compose would refuse the whole file)."""
        return () if self.error is not None else self.services

    def listeners(self) -> tuple[Listener, ...]:
        found: list[Listener] = []
        for service in self.usable_services():
            for port in service.ports:
                if port.published is None or port.unresolved:
                    continue
                low, high = port.published
                for number in range(low, min(high, low + MAX_RANGE_LISTENERS - 1) + 1):
                    found.append(
                        Listener(
                            f"compose:{service.name}",
                            port.host_ip or "0.0.0.0",
                            number,
                            port.proto,
                            "published port",
                            Location(self.path, port.line),
                        )
                    )
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Instruction:
    keyword: str  # upper case: FROM, USER, ADD, ENV, ARG, ...
    value: str
    line: int  # first line, 1-based


@dataclass(frozen=True, slots=True)
class Dockerfile:
    path: str
    instructions: tuple[Instruction, ...] = ()
    error: ParseIssue | None = None
    issues: tuple[ParseIssue, ...] = ()
    secret_vars: tuple[EnvEntry, ...] = ()  # ENV/ARG entries named like secrets with a literal value
    service: str | None = None  # set for a compose service's build.dockerfile_inline (path: the compose file)

    def ref(self, key: str) -> SettingRef:
        """An instruction (`USER`, `FROM`) or a variable (`ENV API_TOKEN`) as a Dockerfile setting."""
        return SettingRef(Dialect.DOCKERFILE, self.path, key)

    def effective(
        self, key: str, value: str, *, line: int | None, shown: str | None = None
    ) -> Effective[str]:
        """The instruction or variable `key` at `line`, or (line None) one the file lacks: Docker's
        default `value`, cited at the Dockerfile where it belongs."""
        if line is None:
            return Effective.default(Dialect.DOCKERFILE, self.path, key, value, shown=shown)
        return Effective.at(Dialect.DOCKERFILE, self.path, key, value, line=line, shown=shown)

    def final_stage(self) -> tuple[Instruction, ...]:
        start = 0
        for index, item in enumerate(self.instructions):
            if item.keyword == "FROM":
                start = index
        return self.instructions[start:]


@dataclass(frozen=True, slots=True)
class EnvFileStat:
    path: str
    mode: int | None
    uid: int | None
    has_secrets: bool


@dataclass(frozen=True, slots=True)
class DockerFacts(ReportsListeners):
    compose_files: tuple[ComposeFile, ...] = ()
    dockerfiles: tuple[Dockerfile, ...] = ()
    env_files: tuple[EnvFileStat, ...] = ()
    #: /etc/docker/daemon.json "no-new-privileges" (a daemon-wide default for every container), if set
    daemon_no_new_privileges: Scalar | None = None
    daemon_path: str = "/etc/docker/daemon.json"
    #: members of the `docker` group in /etc/group and that line; None when there is no such group
    docker_group: tuple[str, ...] | None = None
    docker_group_line: int | None = None
    installed: bool = False  # dockerd or /etc/docker present
    today: date | None = (
        None  # the audit's clock when the facts were gathered (UTC): release ends are judged by it
    )

    def listeners(self) -> tuple[Listener, ...]:
        return tuple(item for compose in self.compose_files for item in compose.listeners())

    def services(self) -> tuple[ComposeService, ...]:
        return tuple(s for c in self.compose_files for s in c.usable_services())

    def dockerfile(self, path: str | None, service: str | None = None) -> Dockerfile | None:
        """The Dockerfile at `path`; with `service`, that compose service's build.dockerfile_inline."""
        if service is not None:
            return next((d for d in self.dockerfiles if d.path == path and d.service == service), None)
        return next((d for d in self.dockerfiles if d.path == path and d.service is None), None)

    def built_from(self, service: ComposeService) -> Dockerfile | None:
        """The Dockerfile a compose service is built from: its build.dockerfile_inline or its file."""
        if service.dockerfile_inline is not None:
            return self.dockerfile(service.path, service.name)
        return self.dockerfile(service.dockerfile)
