"""Package rules on updates that are installed but not yet in effect: a pending reboot (the reboot-required
flag, a running kernel older than the newest installed) and processes still running replaced libraries."""

from __future__ import annotations

from garrison.facts.packages import (
    OSRELEASE,
    DpkgPackage,
    PackagesFacts,
    RebootFacts,
    RestartFacts,
    StaleProcess,
    installed_kernels,
    kernel_release,
    newer,
)
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Relation,
    SettingRef,
    Severity,
    Wanted,
    failed,
    passed,
    unknown,
)
from garrison.rules.expect import Effective, whole_file
from garrison.rules.registry import rule
from garrison.rules.wording import counted, listing, plural

MOST_EVIDENCE = 25
REBOOT_INTO = "running (reboot into it)"


def _kernel(package: DpkgPackage, expected: str) -> Evidence:
    ref = SettingRef(Dialect.DPKG, package.location.path, "Version", package.name)
    shown = f"{package.name} {package.version}"
    return Effective(package.version, shown, ref, package.location.line).cite(expected)


def _running(release: str, expected: str) -> Evidence:
    ref = SettingRef(Dialect.LIVE, OSRELEASE, "kernel.osrelease")
    return Evidence(Location(OSRELEASE), release, expected, EvidenceRole.SETTING, ref)


def _kernel_problem(reboot: RebootFacts, kernels: tuple[DpkgPackage, ...]) -> tuple[str, list[Evidence]]:
    """What is wrong with the running kernel (live, with kernel packages installed), or ("", [])."""
    running, newest = reboot.running or "", kernels[-1]
    mine = next((k for k in kernels if kernel_release(k.name) == running), None)
    want = f"{kernel_release(newest.name)} ({newest.version})"
    if mine is None:
        return (
            f"the running kernel {running} is not an installed package (newest installed: {newest.name})",
            [_running(running, want), _kernel(newest, REBOOT_INTO)],
        )
    if newer(newest.version, mine.version):
        return (
            f"the running kernel {running} ({mine.version}) is older than the newest installed, {want}",
            [_running(running, want), _kernel(newest, REBOOT_INTO)],
        )
    if reboot.running_build and newer(mine.version, reboot.running_build):
        return (
            f"the running kernel was built as {reboot.running_build}; {mine.name} is now {mine.version}",
            [_running(f"{running} ({reboot.running_build})", mine.version), _kernel(mine, REBOOT_INTO)],
        )
    return "", []


@rule(
    id="packages.reboot-not-required",
    title="No installed update waits for a reboot",
    problem="Installed updates wait for a reboot",
    severity=Severity.MEDIUM,
    rationale="""A kernel (or libc, systemd, microcode) update protects nothing until the host reboots:
        the old, vulnerable code keeps running. Package scripts flag this in /var/run/reboot-required, and a
        running kernel older than the newest installed one says the same.""",
    remediation="systemctl reboot   # at a planned time; unattended-upgrades can do it (Automatic-Reboot)",
    references=("guide:003 system updates",),
)
def reboot_not_required(packages: PackagesFacts, reboot: RebootFacts) -> Outcome:
    problems: list[str] = []
    proof: list[Evidence] = []
    if reboot.flag:
        named = f" (for {listing(reboot.flag_packages, limit=5)})" if reboot.flag_packages else ""
        problems.append(f"{reboot.flag} is present{named}")
        proof.append(whole_file(reboot.flag, "present", "absent", wanted=Wanted(Relation.ABSENT)))
    kernels = installed_kernels(packages)
    if reboot.live and reboot.running and kernels:
        problem, evidence = _kernel_problem(reboot, kernels)
        if problem:
            problems.append(problem)
            proof.extend(evidence)
    if problems:
        return failed("a reboot is pending: " + "; ".join(problems), *proof)
    newest = f"newest installed kernel: {kernels[-1].name}" if kernels else "no kernel package installed"
    if not reboot.live or not reboot.running:
        return unknown(
            f"no reboot-required flag; the running kernel is only known on a live host ({newest})"
            if not reboot.live
            else f"no reboot-required flag; {OSRELEASE} could not be read ({newest})"
        )
    if not kernels:
        return passed(
            f"no reboot-required flag; no kernel package is installed to compare the running kernel "
            f"{reboot.running} with (a container, or a kernel not from packages)"
        )
    return passed(f"no reboot-required flag; the running kernel {reboot.running} is the newest installed")


def _stale(process: StaleProcess) -> Evidence:
    path = f"/proc/{process.pid}/maps"
    ref = SettingRef(Dialect.LIVE, path, "deleted-mappings", process.subject)
    shown = listing((f.rsplit("/", 1)[-1] for f in process.files), limit=3)
    return Evidence(Location(path), shown, "none deleted", EvidenceRole.SETTING, ref, process.subject)


@rule(
    id="packages.services-restarted",
    title="No process runs a library or program that an update replaced",
    problem="Processes still run libraries or programs that an update replaced",
    severity=Severity.MEDIUM,
    rationale="""Upgrading a library (OpenSSL, glibc) replaces the file on disk, but every process
        started before keeps the old, vulnerable copy mapped until it restarts. needrestart and
        checkrestart find them through /proc/<pid>/maps; until then the update has not taken effect.""",
    remediation="needrestart -r a   # or: systemctl restart <unit> for each unit named",
    references=("guide:003 system updates", "needrestart(1)"),
)
def services_restarted(restarts: RestartFacts) -> Outcome:
    if restarts.stale:
        subjects = listing(
            dict.fromkeys(
                f"{p.subject} ({listing((f.rsplit('/', 1)[-1] for f in p.files), limit=2)})"
                for p in restarts.stale
            ),
            limit=8,
        )
        return failed(
            f"{counted(len(restarts.stale), 'process', 'maps', 'map', 'processes')} deleted libraries or "
            f"programs: {subjects}",
            *(_stale(p) for p in restarts.stale[:MOST_EVIDENCE]),
        )
    if not restarts.scanned:
        return unknown("no process's memory map could be read (/proc lists no process this audit may read)")
    if restarts.unreadable and not restarts.privileged:
        return unknown(
            f"the memory maps of {plural(restarts.unreadable, 'process', 'processes')} could not be read "
            f"(audit as root); none of the {restarts.scanned} read maps a deleted library"
        )
    bounded = " (the first ones: the scan stopped at its bound)" if restarts.bounded else ""
    refused = (
        f"; {plural(restarts.unreadable, 'process', 'processes')} refused even to root (a sandbox)"
        if restarts.unreadable
        else ""
    )
    return passed(
        f"none of {plural(restarts.scanned, 'running process', 'running processes')}{bounded} maps a "
        f"deleted library or program{refused}"
    )
