"""Package rules on what is installed: security tools present, legacy plaintext servers absent, no holds."""

from __future__ import annotations

from garrison.facts.packages import DpkgPackage, PackagesFacts
from garrison.model import (
    Dialect,
    Evidence,
    Outcome,
    Relation,
    Severity,
    Wanted,
    failed,
    not_applicable,
    passed,
)
from garrison.rules.expect import Effective
from garrison.rules.registry import rule
from garrison.rules.wording import listing, plural

G001 = "guide:001 security tools (fail2ban, aide, auditd)"
G002 = "guide:002 step 3 (unattended upgrades; services you do not need) and step 8 (CrowdSec)"
IPS_PACKAGES = ("fail2ban", "crowdsec", "sshguard")
#: Servers for protocols that send passwords in clear text, or need none (rsh trust, NIS maps, TFTP).
LEGACY_SERVICES = (
    "telnetd",
    "inetutils-telnetd",
    "telnetd-ssl",
    "rsh-server",
    "rsh-redone-server",
    "nis",
    "talkd",
    "inetutils-talkd",
    "tftpd",
    "tftpd-hpa",
    "atftpd",
)


def _expect_installed(packages: PackagesFacts, *names: str) -> Outcome:
    found = packages.any_installed(*names)
    if found:
        first = found[0]
        return passed(f"{first.name} {first.version} is installed", _proof(first, "installed"))
    wanted = " or ".join(names)
    absent = Effective.default(Dialect.DPKG, packages.source, "Status", "not installed", scope=names[0])
    return failed(f"{wanted} is not installed", absent.cite(wanted, wanted=Wanted(Relation.PRESENT, names)))


def _proof(package: DpkgPackage, expected: str, wanted: Wanted | None = None) -> Evidence:
    """The package's stanza in the dpkg database (its `Status:`)."""
    ref, line = package.setting, package.location.line
    return Effective(package.name, f"{package.name} {package.version}", ref, line).cite(
        expected, wanted=wanted
    )


@rule(
    id="packages.unattended-upgrades-installed",
    title="The unattended-upgrades package is installed",
    problem="The unattended-upgrades package is not installed",
    severity=Severity.MEDIUM,
    rationale="""Security fixes only protect a server once they are installed; unattended-upgrades applies
        them daily without waiting for an administrator.""",
    remediation="apt install unattended-upgrades",
    references=(G002, "guide:003 system updates"),
)
def unattended_upgrades_installed(packages: PackagesFacts) -> Outcome:
    return _expect_installed(packages, "unattended-upgrades")


@rule(
    id="packages.auditd-installed",
    title="The Linux audit daemon is installed",
    problem="The Linux audit daemon is not installed",
    severity=Severity.LOW,
    rationale="""auditd records security-relevant kernel events (logins, privilege use, changes to watched
        files) that an investigation needs after an incident.""",
    remediation="apt install auditd",
    references=(G001,),
)
def auditd_installed(packages: PackagesFacts) -> Outcome:
    return _expect_installed(packages, "auditd")


@rule(
    id="packages.aide-installed",
    title="A file integrity checker (AIDE) is installed",
    problem="No file integrity checker (AIDE) is installed",
    severity=Severity.LOW,
    rationale="""AIDE keeps a database of file checksums and reports changes to binaries and configuration,
        which is how a quiet compromise gets noticed.""",
    remediation="apt install aide && aideinit",
    references=(G001,),
)
def aide_installed(packages: PackagesFacts) -> Outcome:
    return _expect_installed(packages, "aide")


@rule(
    id="packages.intrusion-prevention",
    title="An intrusion prevention tool (fail2ban or CrowdSec) is installed",
    problem="No intrusion prevention tool (fail2ban or CrowdSec) is installed",
    severity=Severity.MEDIUM,
    rationale="""Internet-facing services see constant password guessing. fail2ban or CrowdSec reads the
        logs and blocks the sources, turning a long brute-force run into a few attempts.""",
    remediation="apt install fail2ban   # or CrowdSec with crowdsec-firewall-bouncer-iptables",
    references=(G001, G002),
)
def intrusion_prevention(packages: PackagesFacts) -> Outcome:
    return _expect_installed(packages, *IPS_PACKAGES)


@rule(
    id="packages.legacy-network-services",
    title="No legacy plaintext network service is installed",
    problem="A legacy plaintext network service is installed",
    severity=Severity.HIGH,
    rationale="""telnet, rsh/rlogin, talk, NIS and TFTP servers send passwords (or trust) over the network in
        clear text and have no place on a modern server; every service not needed is attack surface.""",
    remediation="apt purge telnetd rsh-server nis tftpd-hpa   # whichever are installed",
    references=(G002,),
)
def legacy_network_services(packages: PackagesFacts) -> Outcome:
    found = packages.any_installed(*LEGACY_SERVICES)
    if not found:
        return passed("no telnet, rsh, talk, NIS or TFTP server package is installed")
    proof = [_proof(p, "not installed", Wanted(Relation.ABSENT)) for p in found]
    return failed(
        f"{plural(len(found), 'legacy plaintext service')} installed: {listing(p.name for p in found)}",
        *proof,
    )


@rule(
    id="packages.held-packages",
    title="No package is held back from upgrades",
    problem="A package is held back from upgrades",
    severity=Severity.LOW,
    rationale="""A package on hold (`apt-mark hold`) never receives updates, security fixes included, and
        unattended-upgrades skips it silently. Holds should be rare, deliberate and reviewed.""",
    remediation="apt-mark unhold <package>",
    references=("guide:002 periodic checks (package holds blocking updates)",),
)
def held_packages(packages: PackagesFacts) -> Outcome:
    held = packages.held
    if not held:
        return passed("no package is on hold")
    names = listing((p.name for p in held), limit=10)
    return failed(
        f"{plural(len(held), 'package')} on hold: {names}", *(_proof(p, "install (not hold)") for p in held)
    )


#: CrowdSec's remediation components ("bouncers") packaged by Debian and CrowdSec's repository.
CROWDSEC_BOUNCERS = (
    "crowdsec-firewall-bouncer-iptables",
    "crowdsec-firewall-bouncer-nftables",
    "crowdsec-firewall-bouncer",
    "crowdsec-nginx-bouncer",
)


@rule(
    id="packages.crowdsec-bouncer",
    title="CrowdSec has a bouncer that enforces its decisions",
    problem="CrowdSec has no bouncer to enforce its decisions",
    severity=Severity.MEDIUM,
    rationale="""The CrowdSec agent only detects attacks and decides bans; without a bouncer nothing blocks
        the banned addresses, so brute force and scans carry on while the dashboard shows them as handled.""",
    remediation="apt install crowdsec-firewall-bouncer-iptables   (or -nftables)",
    references=("guide:002 step 8 (install CrowdSec)",),
)
def crowdsec_bouncer(packages: PackagesFacts) -> Outcome:
    agent = packages.any_installed("crowdsec")
    if not agent:
        return not_applicable("CrowdSec is not installed")
    bouncers = packages.any_installed(*CROWDSEC_BOUNCERS)
    if bouncers:
        first = bouncers[0]
        return passed(f"{first.name} enforces CrowdSec's decisions", _proof(first, "a bouncer"))
    return failed(
        "CrowdSec is installed without a bouncer: its bans are not enforced",
        _proof(agent[0], "a bouncer such as crowdsec-firewall-bouncer-iptables"),
    )
