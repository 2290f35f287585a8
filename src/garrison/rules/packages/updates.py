"""Package rule on automatic security updates: APT's periodic settings and the timers that run them.

apt 2.6's apt.systemd.daily (started by apt-daily.timer and apt-daily-upgrade.timer, or by
/etc/cron.daily/apt-compat without systemd) does nothing when APT::Periodic::Enable is "0" (default "1"),
refreshes lists only when APT::Periodic::Update-Package-Lists is non-zero (default "0") and runs
unattended-upgrade only when APT::Periodic::Unattended-Upgrade is non-zero (default "0"). The intervals are
days, or a number with an s/m/h/d suffix.
"""

from __future__ import annotations

import re

from garrison.facts.packages import AptConfig, PackagesFacts, SystemdUnitsFacts
from garrison.facts.packages.services import UnitState
from garrison.model import Evidence, Outcome, Severity, evidence, failed, not_applicable, passed
from garrison.rules.registry import rule

AUTO_UPGRADES_FILE = "/etc/apt/apt.conf.d/20auto-upgrades"
TIMERS = ("apt-daily.timer", "apt-daily-upgrade.timer")
_ZERO = re.compile(r"^0+[smhd]?$")
_PERIODIC = (
    ("APT::Periodic::Enable", "1"),
    ("APT::Periodic::Update-Package-Lists", "0"),
    ("APT::Periodic::Unattended-Upgrade", "0"),
)


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
    if packages.installed("unattended-upgrades") is None:
        return not_applicable("unattended-upgrades is not installed (packages.unattended-upgrades-installed)")
    problems: list[str] = []
    proof: list[Evidence] = []
    for key, default in _PERIODIC:
        setting = apt.get(key)
        value = default if setting is None else setting.value or ""
        want = "0" if key.endswith("Enable") else "1"
        off = _ZERO.match(value.strip()) is not None or value.strip() == ""
        line = f'{key} "{want}";'
        if setting is None:
            item = evidence(AUTO_UPGRADES_FILE, None, value, line)
        else:
            item = evidence(setting.location.path, setting.location.line, value, line)
        if off:
            problems.append(f"{key} is {value or 'empty'}" + (" (default)" if setting is None else ""))
            proof.append(item)
    for timer in TIMERS:
        status = units.status(timer)
        if status.state in (UnitState.MASKED, UnitState.DISABLED):
            problems.append(f"{timer} is {status.state}")
            proof.append(Evidence(status.location, str(status.state), "enabled"))
    if problems:
        return failed("automatic upgrades do not run: " + "; ".join(problems), *proof)
    final = apt.get("APT::Periodic::Unattended-Upgrade")
    where = final.location if final is not None else None
    shown = final.value if final is not None else None
    return passed(
        f"APT::Periodic::Unattended-Upgrade {shown} ({where}) and the apt-daily timers are not off",
        Evidence(where, shown, "1"),
    )
