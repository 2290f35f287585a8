"""Docker rules: how far a compose service's container is isolated from the host."""

from __future__ import annotations

from collections.abc import Iterator

from garrison.facts.docker import ComposeService, DockerFacts, Scalar
from garrison.model import Outcome, Severity
from garrison.rules.docker.common import Flag, flag, judge_services, unresolved
from garrison.rules.expect import equals
from garrison.rules.registry import rule

#: Capabilities that amount to (or come close to) root on the host.
DANGEROUS_CAPS = frozenset(
    {"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF"}
)
_NNP = "no-new-privileges:true"
_NNP_WANTED = equals(_NNP)
_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "podman.sock")


def _host_mode(service: ComposeService, item: Scalar | None, setting: str) -> Iterator[Flag]:
    if item is None:
        return
    if item.unresolved:
        yield unresolved(service, setting, item)
    elif item.text.strip().lower() == "host":
        yield flag(service, setting, item, f"{setting}: host", f"no {setting} (a private namespace)")


@rule(
    id="docker.privileged",
    title="No compose service runs privileged",
    problem="A compose service runs privileged",
    severity=Severity.CRITICAL,
    rationale="A privileged container has every capability and all host devices; escaping to the host "
    "is trivial.",
    remediation="Remove `privileged: true`; add only the capabilities the service needs.",
    references=("guide:001 container security", "guide:004 docker security"),
)
def privileged(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        item = service.privileged
        if item is not None and item.unresolved:
            yield unresolved(service, "privileged", item)
        elif item is not None and item.truthy:
            wanted = equals("false")
            yield flag(service, "privileged", item, "privileged: true", "privileged: false", wanted=wanted)

    return judge_services(docker, check, bad=("runs privileged", "run privileged"))


@rule(
    id="docker.host-network",
    title="No compose service shares the host network",
    problem="A compose service shares the host network",
    severity=Severity.HIGH,
    rationale="With the host network a container can bind any host port and reach services bound to "
    "localhost, bypassing port publishing and its firewall rules.",
    remediation="Remove `network_mode: host` and publish the needed ports instead.",
)
def host_network(docker: DockerFacts) -> Outcome:
    return judge_services(
        docker,
        lambda s: _host_mode(s, s.network_mode, "network_mode"),
        bad=("uses the host network", "use the host network"),
    )


@rule(
    id="docker.host-pid",
    title="No compose service shares the host PID namespace",
    problem="A compose service shares the host PID namespace",
    severity=Severity.HIGH,
    rationale="A container in the host PID namespace sees and can signal or trace every host process.",
    remediation="Remove `pid: host`.",
)
def host_pid(docker: DockerFacts) -> Outcome:
    return judge_services(
        docker,
        lambda s: _host_mode(s, s.pid, "pid"),
        bad=("shares the host PID namespace", "share the host PID namespace"),
    )


@rule(
    id="docker.host-ipc",
    title="No compose service shares the host IPC namespace",
    problem="A compose service shares the host IPC namespace",
    severity=Severity.MEDIUM,
    rationale="The host IPC namespace exposes shared memory and semaphores of host processes.",
    remediation="Remove `ipc: host`.",
)
def host_ipc(docker: DockerFacts) -> Outcome:
    return judge_services(
        docker,
        lambda s: _host_mode(s, s.ipc, "ipc"),
        bad=("shares the host IPC namespace", "share the host IPC namespace"),
    )


@rule(
    id="docker.docker-socket-mount",
    title="No compose service mounts the Docker socket",
    problem="A compose service mounts the Docker socket",
    severity=Severity.CRITICAL,
    rationale="Whoever can talk to the Docker socket can start a privileged container and own the host; "
    "a read-only mount does not change that.",
    remediation="Remove the docker.sock volume; use a socket proxy limited to the needed API calls.",
)
def docker_socket_mount(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        for item in service.volumes:
            source = item.text.split(":", 1)[0]
            if source.endswith(_SOCKETS) or source.rstrip("/") in ("/var/run", "/run"):
                yield flag(
                    service, "volumes", item, f"volume {source}", "no container runtime socket mounted"
                )
            elif item.unresolved:
                yield unresolved(service, "volumes", item)

    return judge_services(
        docker, check, bad=("mounts the container runtime socket", "mount the container runtime socket")
    )


def _option(item: Scalar) -> str:
    """A security_opt entry in one spelling: `Seccomp = unconfined` -> `seccomp:unconfined`."""
    return item.text.replace("=", ":").replace(" ", "").lower()


@rule(
    id="docker.security-opt-unconfined",
    title="No compose service disables seccomp or AppArmor",
    problem="A compose service disables seccomp or AppArmor",
    severity=Severity.HIGH,
    rationale="seccomp and AppArmor profiles block the system calls most container escapes rely on.",
    remediation="Remove `seccomp:unconfined`, `apparmor:unconfined` and `label:disable` from security_opt.",
)
def security_opt_unconfined(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        for item in service.security_opt:
            text = _option(item)
            if text in (
                "seccomp:unconfined",
                "apparmor:unconfined",
                "label:disable",
                "systempaths:unconfined",
            ):
                yield flag(
                    service,
                    "security_opt",
                    item,
                    f"security_opt {item.text}",
                    "the default confinement profiles",
                )

    return judge_services(docker, check, bad=("runs unconfined", "run unconfined"))


@rule(
    id="docker.no-new-privileges",
    title="Compose services set no-new-privileges",
    problem="A compose service allows privilege escalation (no no-new-privileges)",
    severity=Severity.MEDIUM,
    rationale="no-new-privileges stops setuid binaries and file capabilities inside the container from "
    "raising privileges after start.",
    remediation="security_opt:\n  - no-new-privileges:true",
    references=("guide:004 docker security", "guide:001 container security"),
)
def no_new_privileges(docker: DockerFacts) -> Outcome:
    daemon = docker.daemon_no_new_privileges
    daemon_on = daemon is not None and daemon.text == "true"

    def check(service: ComposeService) -> Iterator[Flag]:
        for item in service.security_opt:
            text = _option(item)
            if text in ("no-new-privileges", "no-new-privileges:true"):
                return
            if text == "no-new-privileges:false":
                yield flag(service, "security_opt", item, "no-new-privileges:false", _NNP, wanted=_NNP_WANTED)
                return
        if not daemon_on:
            unset = "no-new-privileges not set (default off)"
            yield flag(service, "security_opt", None, unset, _NNP, wanted=_NNP_WANTED)

    return judge_services(
        docker,
        check,
        bad=("allows privilege escalation", "allow privilege escalation"),
        good=("sets no-new-privileges", "set no-new-privileges"),
    )


def _cap(item: Scalar) -> str:
    text = item.text.strip().upper()
    return text[4:] if text.startswith("CAP_") else text


@rule(
    id="docker.cap-drop-all",
    title="Compose services drop all capabilities",
    problem="A compose service keeps Docker's default capabilities",
    severity=Severity.MEDIUM,
    rationale="Docker's default capability set includes NET_RAW, CHOWN, SETUID and more that few services "
    "need; dropping ALL and adding back the few needed shrinks what an exploit can do.",
    remediation="cap_drop:\n  - ALL\ncap_add:\n  - NET_BIND_SERVICE   # only what the service needs",
    references=("guide:001 container security",),
)
def cap_drop_all(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        if not any(_cap(item) == "ALL" for item in service.cap_drop):
            yield flag(
                service,
                "cap_drop",
                service.cap_drop[0] if service.cap_drop else None,
                "cap_drop does not include ALL",
                "cap_drop: [ALL]",
                wanted=equals("ALL"),
            )

    return judge_services(
        docker,
        check,
        bad=("keeps Docker's default capabilities", "keep Docker's default capabilities"),
        good=("drops all capabilities", "drop all capabilities"),
    )


@rule(
    id="docker.cap-add-minimal",
    title="Compose services add no dangerous capabilities",
    problem="A compose service adds a dangerous capability",
    severity=Severity.HIGH,
    rationale="SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE and ALL give a container near-root power over "
    "the host kernel or network.",
    remediation="Remove the capability from cap_add (NET_BIND_SERVICE is usually all a server needs).",
)
def cap_add_minimal(docker: DockerFacts) -> Outcome:
    def check(service: ComposeService) -> Iterator[Flag]:
        for item in service.cap_add:
            if item.unresolved:
                yield unresolved(service, "cap_add", item)
            elif _cap(item) in DANGEROUS_CAPS:
                yield flag(service, "cap_add", item, f"cap_add {_cap(item)}", "no dangerous capability")

    return judge_services(docker, check, bad=("adds a dangerous capability", "add a dangerous capability"))
