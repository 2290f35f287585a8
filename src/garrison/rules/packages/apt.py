"""Package rules on APT's sources: the security suite configured and fetched, its updates installed, and
every repository signature-checked (sources.list(5), apt.conf(5), apt-secure(8) of apt 2.6)."""

from __future__ import annotations

from datetime import UTC, datetime

from garrison.facts.packages import (
    INSECURE_OPTIONS,
    LISTS_DIR,
    SOURCES_LIST,
    AptConfig,
    AptSource,
    AptSources,
    DpkgPackage,
    PackagesFacts,
    SecurityIndex,
    apt_bool,
    newer,
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
    unknown,
)
from garrison.rules.expect import Effective, equals
from garrison.rules.registry import rule
from garrison.rules.wording import counted, listing, nothing_to_check, plural

UPDATES = ("guide:002 step 3 enable automatic security updates", "guide:003 system updates")
#: apt.conf options that let apt install from repositories it cannot verify (apt-secure(8), apt.conf(5)).
INSECURE_APT_OPTIONS = (
    "APT::Get::AllowUnauthenticated",
    "Acquire::AllowInsecureRepositories",
    "Acquire::AllowDowngradeToInsecureRepositories",
    "Acquire::AllowWeakRepositories",
)
INSECURE_OPTIONS_HOME = "/etc/apt/apt.conf.d/99local"
#: Evidence items at most in one outcome (the message counts them all).
MOST_EVIDENCE = 25


def _pending(package: DpkgPackage, candidate: str) -> Evidence:
    ref = SettingRef(Dialect.DPKG, package.location.path, "Version", package.name)
    value = Effective(package.version, f"{package.name} {package.version}", ref, package.location.line)
    return value.cite(f"{candidate} or newer", wanted=Wanted(Relation.AT_LEAST, (candidate,)))


def _day(stamp: float | None) -> str:
    return "" if stamp is None else f", fetched {datetime.fromtimestamp(stamp, UTC).date().isoformat()}"


@rule(
    id="packages.security-updates-installed",
    title="Every security update the security suite offers is installed",
    problem="Security updates are available but not installed",
    severity=Severity.HIGH,
    rationale="""A package older than its version in the distribution's security suite has a published,
        fixed vulnerability: the advisory tells attackers exactly what to try. The lists apt last fetched
        show which installed packages are behind.""",
    remediation="apt update && apt upgrade   # then restart what needrestart names",
    references=UPDATES,
)
def security_updates_installed(packages: PackagesFacts, index: SecurityIndex) -> Outcome:
    if not index.lists:
        return unknown(
            f"no security suite's package list in {LISTS_DIR}: apt has not fetched one (`apt update` never "
            "ran, or no security suite is configured: packages.security-suite-configured)"
        )
    behind = [
        (package, found.version)
        for package in packages.packages.values()
        if package.installed
        and (found := index.candidates.get(package.name)) is not None
        and newer(found.version, package.version)
    ]
    suites = f"{listing(index.suites)}{_day(index.updated)}"
    if not behind:
        return passed(f"no installed package is older than its version in {suites}")
    names = listing((f"{p.name} {p.version} < {v}" for p, v in behind), limit=8)
    return failed(
        f"{counted(len(behind), 'package', 'has', 'have')} a newer version in {suites}: {names}",
        *(_pending(p, v) for p, v in behind[:MOST_EVIDENCE]),
    )


def _suites_setting(entry: AptSource) -> Effective[str]:
    shown = " ".join(entry.suites)
    key = "Suites" if entry.deb822 else "suite"
    ref = SettingRef(Dialect.APT_SOURCES, entry.location.path, key, entry.describe())
    return Effective(shown, shown, ref, entry.location.line)


@rule(
    id="packages.security-suite-configured",
    title="APT fetches this release's security suite",
    problem="No enabled APT source fetches this release's security suite",
    severity=Severity.HIGH,
    rationale="""Debian and Ubuntu publish security fixes only in their `-security` suites. Without an
        enabled entry for it, `apt upgrade` and unattended-upgrades never see a security fix, and the host
        stays vulnerable however often it is updated.""",
    remediation="""# /etc/apt/sources.list.d/debian.sources (Debian 12; Ubuntu: <codename>-security)
Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg""",
    references=UPDATES,
)
def security_suite_configured(sources: AptSources) -> Outcome:
    security = [e for e in sources.entries if e.security_suites()]
    enabled = [e for e in security if e.binary]
    current = [e for e in enabled if sources.for_this_release(e)]
    if current:
        first = current[0]
        return passed(
            f"{listing(first.security_suites())} is enabled ({first.location})", _suites_setting(first).cite()
        )
    want = f"{sources.codename or '<codename>'}-security"
    if enabled:
        named = listing(s for e in enabled for s in e.security_suites())
        return failed(
            f"the security suite configured is {named}, another release's: this host runs "
            f"{sources.codename}, whose fixes are in {want}",
            *(_suites_setting(e).cite(want, wanted=equals(want)) for e in enabled),
        )
    wanted = Wanted(Relation.PRESENT, (want,))
    proof = [_suites_setting(e).cite("an enabled `deb` entry", wanted=wanted) for e in security]
    if not proof:
        home = sources.files[0] if sources.files else SOURCES_LIST
        absent = Effective.default(Dialect.APT_SOURCES, home, "Suites", "none", scope="security")
        proof.append(absent.cite(f"a `deb` entry for {want}", wanted=wanted))
    read = f"read {listing(sources.files)}" if sources.files else f"no {SOURCES_LIST}, .list or .sources file"
    how = f"{plural(len(security), 'entry', 'entries')} for it, none enabled" if security else "none names it"
    return failed(f"no enabled APT source fetches a -security suite ({how}; {read})", *proof)


def _insecure_entry(entry: AptSource) -> list[Evidence]:
    found = [name for name in INSECURE_OPTIONS if entry.flag(name)]
    return [
        Effective(
            entry.options[name],
            f"{name}={entry.options[name]}",
            entry.option_setting(name),
            entry.option_location(name).line,
        ).cite(f"no {name}", wanted=Wanted(Relation.ABSENT))
        for name in found
    ]


@rule(
    id="packages.repositories-signed",
    title="APT verifies the signature of every repository",
    problem="APT installs from a repository whose signature it does not check",
    severity=Severity.HIGH,
    rationale="""APT trusts a package because the repository's Release file is signed by a known key.
        `trusted=yes`, `allow-insecure=yes` or AllowUnauthenticated/AllowInsecureRepositories turn that
        off: anyone on the network path or with control of the mirror can then serve packages that run
        as root on install.""",
    remediation="""# remove trusted=yes / allow-insecure=yes and name the repository's key instead:
deb [signed-by=/usr/share/keyrings/<vendor>.gpg] https://<repository> <suite> main
# and drop APT::Get::AllowUnauthenticated / Acquire::AllowInsecureRepositories from apt.conf.d""",
    references=("apt-secure(8)", "sources.list(5)"),
)
def repositories_signed(sources: AptSources, apt: AptConfig) -> Outcome:
    proof = [item for entry in sources.entries if entry.enabled for item in _insecure_entry(entry)]
    for key in INSECURE_APT_OPTIONS:
        value = apt.effective(key, "false", home=INSECURE_OPTIONS_HOME)
        if not value.is_default and apt_bool(value.value):
            shown = f'{key} "{value.value}"'
            proof.append(value.cite('"false" (or unset)', wanted=equals("false"), actual=shown))
    if proof:
        shown = listing((f"{e.actual} ({e.location})" for e in proof), limit=5)
        return failed(f"signature checks are off: {shown}", *proof[:MOST_EVIDENCE])
    if not sources.entries:
        return nothing_to_check("no APT source is configured")
    return passed(
        f"none of {plural(len(sources.entries), 'APT source')} or apt.conf turns signature checks off"
    )
