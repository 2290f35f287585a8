"""Service rules: units the guides want off (rpcbind, avahi, ModemManager) and security daemons kept on.

A unit is judged from `SystemdUnitsFacts`: enabled (pulled in at boot through a .wants/.requires link, or
`systemctl` says so live), disabled, masked, or absent (its package is not installed).
"""

from __future__ import annotations

from garrison.facts.packages import SystemdUnitsFacts, UnitState, UnitStatus
from garrison.model import Evidence, Outcome, Relation, Severity, Wanted, failed, not_applicable, passed
from garrison.rules.expect import Effective, equals
from garrison.rules.registry import rule

G002 = "guide:002 step 3 disable unnecessary services"
G001 = "guide:001 security tools (fail2ban, auditd)"
_ON = (UnitState.ENABLED,)
_OFF = Wanted(Relation.ONE_OF, ("disabled", "masked"))
_ENABLED = equals("enabled")


def _cite(status: UnitStatus, expected: str, wanted: Wanted) -> Evidence:
    """The unit's enablement (role SETTING): the link that enables or masks it, or its unit file."""
    state = str(status.state)
    return Effective(state, state, status.setting, status.where.line).cite(expected, wanted=wanted)


def expect_units_off(units: SystemdUnitsFacts, *names: str) -> Outcome:
    """Fail when any of the units starts at boot; masked, disabled or not installed all pass."""
    statuses = [units.status(name) for name in names]
    enabled = [s for s in statuses if s.state in _ON]
    summary = ", ".join(f"{s.name} {s.state}" for s in statuses)
    if not enabled:
        proof = [_cite(s, "disabled or masked", _OFF) for s in statuses if s.location]
        return passed(summary, *proof)
    proof = [_cite(s, "disabled or masked", _OFF) for s in enabled]
    return failed(f"enabled at boot: {summary}", *proof)


def expect_unit_on(units: SystemdUnitsFacts, name: str, package: str) -> Outcome:
    """Not applicable when the unit is absent; fail when it is installed but disabled or masked."""
    status = units.status(name)
    if status.state is UnitState.ABSENT:
        return not_applicable(f"{name} is not installed ({package})")
    proof = _cite(status, "enabled", _ENABLED)
    if status.state in (UnitState.ENABLED, UnitState.STATIC):
        return passed(f"{name} is {status.state}", proof)
    return failed(
        f"{package} is installed but {name} is {status.state}: it will not run after a reboot", proof
    )


@rule(
    id="services.rpcbind-disabled",
    title="The RPC portmapper (rpcbind) is not enabled",
    problem="The RPC portmapper (rpcbind) is enabled",
    severity=Severity.MEDIUM,
    rationale="""The RPC portmapper (port 111) is only needed for NFSv3 and NIS. Exposed, it leaks the RPC
        services of the host and has been abused for UDP reflection attacks.""",
    remediation="systemctl disable --now rpcbind.service rpcbind.socket",
    references=(G002,),
)
def rpcbind_disabled(units: SystemdUnitsFacts) -> Outcome:
    return expect_units_off(units, "rpcbind.service", "rpcbind.socket")


@rule(
    id="services.avahi-disabled",
    title="Avahi (mDNS/DNS-SD) is not enabled",
    problem="Avahi (mDNS/DNS-SD) is enabled",
    severity=Severity.LOW,
    rationale="""avahi-daemon announces the host and its services on the local network over multicast DNS;
        a server has no use for it, and it is one more listener on UDP 5353.""",
    remediation="systemctl disable --now avahi-daemon.service avahi-daemon.socket",
    references=(G002,),
)
def avahi_disabled(units: SystemdUnitsFacts) -> Outcome:
    return expect_units_off(units, "avahi-daemon.service", "avahi-daemon.socket")


@rule(
    id="services.modemmanager-disabled",
    title="ModemManager is not enabled",
    problem="ModemManager is enabled",
    severity=Severity.LOW,
    rationale="""ModemManager probes serial and USB devices for mobile broadband modems; a server has none,
        and the daemon runs as root talking to hardware for nothing.""",
    remediation="systemctl disable --now ModemManager.service",
    references=(G002,),
)
def modemmanager_disabled(units: SystemdUnitsFacts) -> Outcome:
    return expect_units_off(units, "ModemManager.service")


@rule(
    id="services.auditd-enabled",
    title="The audit daemon starts at boot when installed",
    problem="The audit daemon is installed but does not start at boot",
    severity=Severity.LOW,
    rationale="""An installed but disabled audit daemon records nothing: the kernel's audit events are lost
        exactly when an investigation needs them.""",
    remediation="systemctl enable --now auditd.service",
    references=(G001,),
)
def auditd_enabled(units: SystemdUnitsFacts) -> Outcome:
    return expect_unit_on(units, "auditd.service", "auditd")


@rule(
    id="services.fail2ban-enabled",
    title="Fail2ban starts at boot when installed",
    problem="Fail2ban is installed but does not start at boot",
    severity=Severity.MEDIUM,
    rationale="""fail2ban only blocks brute-force sources while it runs; installed but disabled, it gives a
        false sense of protection.""",
    remediation="systemctl enable --now fail2ban.service",
    references=(G001,),
)
def fail2ban_enabled(units: SystemdUnitsFacts) -> Outcome:
    return expect_unit_on(units, "fail2ban.service", "fail2ban")


@rule(
    id="services.crowdsec-enabled",
    title="CrowdSec starts at boot when installed",
    problem="CrowdSec is installed but does not start at boot",
    severity=Severity.MEDIUM,
    rationale="""CrowdSec's agent parses the logs and feeds its bouncers; if it does not run, attacks are
        neither detected nor blocked.""",
    remediation="systemctl enable --now crowdsec.service",
    references=("guide:002 step 8 intrusion detection",),
)
def crowdsec_enabled(units: SystemdUnitsFacts) -> Outcome:
    return expect_unit_on(units, "crowdsec.service", "crowdsec")
