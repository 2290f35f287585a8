"""Package rule on automatic security updates: APT's periodic settings and the timers that run them.

apt 2.6's apt.systemd.daily (started by apt-daily.timer and apt-daily-upgrade.timer, or by
/etc/cron.daily/apt-compat without systemd) does nothing when APT::Periodic::Enable is "0" (default "1"),
refreshes lists only when APT::Periodic::Update-Package-Lists is non-zero (default "0") and runs
unattended-upgrade only when APT::Periodic::Unattended-Upgrade is non-zero (default "0"). The intervals are
days, or a number with an s/m/h/d suffix.
"""

from __future__ import annotations

import re

from garrison.facts.packages import (
    PERIODIC_DEFAULTS,
    AptConfig,
    PackagesFacts,
    SystemdUnitsFacts,
    UnitState,
)
from garrison.model import (
    Dialect,
    Evidence,
    Outcome,
    Relation,
    SettingRef,
    Severity,
    Wanted,
    failed,
    passed,
)
from garrison.rules.expect import Effective, equals
from garrison.rules.registry import rule

TIMERS = ("apt-daily.timer", "apt-daily-upgrade.timer")
_ZERO = re.compile(r"^0+[smhd]?$")


def _unit(state: str, setting: SettingRef, line: int | None) -> Evidence:
    """A timer's enablement state, cited at its link, mask or unit file."""
    return Effective(state, state, setting, line).cite("enabled", wanted=equals("enabled"))


@rule(
    id="packages.unattended-upgrades-enabled",
    title="Automatic security upgrades run daily",
    problem="Automatic security upgrades do not run",
    severity=Severity.MEDIUM,
    rationale="""Installing unattended-upgrades is not enough: APT's periodic job must refresh the package
        lists and run it, and the apt-daily timers that start that job must not be masked or disabled.""",
    remediation="""# /etc/apt/apt.conf.d/20auto-upgrades   (dpkg-reconfigure -plow unattended-upgrades)
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";""",
    references=("guide:002 step 3 enable automatic security updates", "guide:003 system updates"),
)
def unattended_upgrades_enabled(packages: PackagesFacts, apt: AptConfig, units: SystemdUnitsFacts) -> Outcome:
    if packages.installed("unattended-upgrades") is None:  # a required control missing is a finding
        absent = Effective.default(
            Dialect.DPKG, packages.source, "Status", "not installed", scope="unattended-upgrades"
        )
        return failed(
            "automatic upgrades do not run: unattended-upgrades is not installed",
            absent.cite("installed", wanted=Wanted(Relation.PRESENT, ("unattended-upgrades",))),
        )
    problems: list[str] = []
    proof: list[Evidence] = []
    for key in PERIODIC_DEFAULTS:
        current = apt.periodic(key)
        value = current.value
        off = _ZERO.match(value.strip()) is not None or value.strip() == ""
        if off:
            problems.append(f"{key} is {value or 'empty'}" + (" (default)" if current.is_default else ""))
            proof.append(current.cite(f'{key} "1";', wanted=equals("1")))
    for timer in TIMERS:
        status = units.status(timer)
        if status.state in (UnitState.MASKED, UnitState.DISABLED):
            problems.append(f"{timer} is {status.state}")
            proof.append(_unit(status.state.value, status.setting, status.where.line))
    if problems:
        return failed("automatic upgrades do not run: " + "; ".join(problems), *proof)
    final = apt.periodic("APT::Periodic::Unattended-Upgrade")  # set: its default is off
    return passed(
        f"APT::Periodic::Unattended-Upgrade {final.value} ({final.location}) and the apt-daily timers are "
        "not off",
        final.cite("1", wanted=equals("1")),
    )
