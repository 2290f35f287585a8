"""sshd forwarding and environment rules: X11, agent, TCP, gateway ports, tunnels, user environment."""

from __future__ import annotations

from garrison.facts.sshd import SshdFacts, match_pattern_list
from garrison.model import Outcome, Severity
from garrison.rules.registry import rule
from garrison.rules.ssh.common import judge, require


def _forwarding_disabled(sshd: SshdFacts) -> bool:
    """DisableForwarding yes globally, and no Match block turns it back off."""
    setting = sshd.get("disableforwarding")
    reverted = any(d.values != ("yes",) for _, d in sshd.blocks_setting("disableforwarding"))
    return setting.value == "yes" and not reverted


@rule(
    id="ssh.x11-forwarding",
    title="SSH X11 forwarding is disabled",
    problem="SSH X11 forwarding is enabled",
    severity=Severity.MEDIUM,
    rationale="A server needs no X11 forwarding, and a forwarded display lets the server side snoop on "
    "the client's screen and keystrokes (xauth cookie abuse).",
    remediation="X11Forwarding no",
    references=("guide:002 step 1",),
)
def x11_forwarding(sshd: SshdFacts) -> Outcome:
    return require(sshd, "x11forwarding", "X11Forwarding", "no", global_ok=_forwarding_disabled)


@rule(
    id="ssh.allow-agent-forwarding",
    title="SSH agent forwarding is disabled",
    problem="SSH agent forwarding is enabled",
    severity=Severity.LOW,
    rationale="A forwarded agent lets root on this server use the connecting user's keys to reach other "
    "hosts for as long as the session lasts.",
    remediation="AllowAgentForwarding no",
)
def allow_agent_forwarding(sshd: SshdFacts) -> Outcome:
    return require(sshd, "allowagentforwarding", "AllowAgentForwarding", "no", global_ok=_forwarding_disabled)


@rule(
    id="ssh.allow-tcp-forwarding",
    title="SSH TCP forwarding is disabled",
    problem="SSH TCP forwarding is enabled",
    severity=Severity.LOW,
    rationale="TCP forwarding turns any SSH account into a tunnel past the firewall, to this host's "
    "localhost-only services or into the internal network.",
    remediation="AllowTcpForwarding no",
)
def allow_tcp_forwarding(sshd: SshdFacts) -> Outcome:
    return require(sshd, "allowtcpforwarding", "AllowTcpForwarding", "no", global_ok=_forwarding_disabled)


@rule(
    id="ssh.gateway-ports",
    title="SSH remote forwards stay on loopback",
    problem="SSH remote forwards can listen on every interface",
    severity=Severity.MEDIUM,
    rationale="With GatewayPorts on, a user's remote forward opens a port on every interface of this "
    "server, exposing whatever it tunnels to the network.",
    remediation="GatewayPorts no",
)
def gateway_ports(sshd: SshdFacts) -> Outcome:
    return require(sshd, "gatewayports", "GatewayPorts", "no", global_ok=_forwarding_disabled)


@rule(
    id="ssh.permit-tunnel",
    title="SSH tun/tap tunnelling is disabled",
    problem="SSH tun/tap tunnelling is enabled",
    severity=Severity.MEDIUM,
    rationale="tun/tap forwarding gives SSH users a layer-2/3 VPN into the server's networks.",
    remediation="PermitTunnel no",
)
def permit_tunnel(sshd: SshdFacts) -> Outcome:
    return require(sshd, "permittunnel", "PermitTunnel", "no")


@rule(
    id="ssh.permit-user-environment",
    title="SSH ignores users' ~/.ssh/environment",
    problem="SSH lets users set dangerous variables in ~/.ssh/environment",
    severity=Severity.MEDIUM,
    rationale="Letting users set variables such as LD_PRELOAD for sshd-started sessions can bypass "
    "ForceCommand and other restrictions.",
    remediation="PermitUserEnvironment no",
)
def permit_user_environment(sshd: SshdFacts) -> Outcome:
    return judge(
        sshd, "permituserenvironment", "PermitUserEnvironment", _env_ok, "no, or a list of harmless names"
    )


#: Variables that change what a session runs; an allow-list that lets any of them through is unsafe.
_DANGEROUS_ENV = (
    "LD_PRELOAD",
    "LD_LIBRARY_PATH",
    "LD_AUDIT",
    "PATH",
    "BASH_ENV",
    "ENV",
    "PYTHONPATH",
    "PERL5LIB",
)


def _env_ok(value: str) -> bool:
    """`no`, or a pattern allow-list (sshd takes any other word as one) that admits no dangerous name."""
    if value == "no":
        return True
    if value == "yes":
        return False
    return not any(match_pattern_list(name, value) == 1 for name in _DANGEROUS_ENV)
