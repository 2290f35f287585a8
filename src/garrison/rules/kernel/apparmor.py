"""Kernel rules on AppArmor: the LSM is on at boot and now, and the profiles are enforced, not merely
logging (complain mode). Facts in garrison.facts.kernelcfg (command line, profiles, live state)."""

from __future__ import annotations

from garrison.facts.kernelcfg import APPARMOR_D, AppArmorFacts, BootCmdline, CmdlineParam, Profile
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Outcome,
    Relation,
    SettingRef,
    Severity,
    Wanted,
    errored,
    evidence,
    failed,
    not_applicable,
    passed,
    unknown,
)
from garrison.rules.expect import unusable
from garrison.rules.kernel.expect import cmdline_param
from garrison.rules.registry import rule
from garrison.rules.wording import agree, listing, plural

CIS = "CIS Debian Linux 12 Benchmark 1.3.1 (AppArmor)"
MAX_EVIDENCE = 25


def _param(param: CmdlineParam, expected: str) -> Evidence:
    shown = param.name if param.value is None else f"{param.name}={param.value}"
    return cmdline_param(param, expected, Wanted(Relation.ABSENT, (shown,)))


def _turned_off(cmdline: BootCmdline, live: bool) -> tuple[str, CmdlineParam] | None:
    """Why this command line keeps AppArmor off, with the parameter: `apparmor=0`, another major LSM
    chosen with `security=`, or an `lsm=` list without it (the kernel takes the last of each)."""
    param = cmdline.last("apparmor", live=live)
    if param is not None and param.value == "0":
        return "apparmor=0 turns it off", param
    param = cmdline.last("lsm", live=live)
    if param is not None and "apparmor" not in (param.value or "").split(","):
        return f"lsm={param.value} leaves it out", param
    param = cmdline.last("security", live=live)
    if param is None or lsm_given(cmdline, live):
        return None
    if param.value != "apparmor":
        return f"security={param.value} selects another security module", param
    return None


def lsm_given(cmdline: BootCmdline, live: bool) -> bool:
    """`lsm=` overrides `security=`."""
    return cmdline.last("lsm", live=live) is not None


@rule(
    id="kernel.apparmor-enabled",
    title="AppArmor is on at boot and in the running kernel",
    problem="AppArmor is off or not set up to load its profiles",
    severity=Severity.MEDIUM,
    rationale="""AppArmor confines the services that ship a profile (and any you write), so a compromised
        daemon cannot read or write beyond what it needs. Debian's kernel turns it on by default; it is off
        when the boot command line says `apparmor=0`, picks another module with `security=` or leaves it out
        of `lsm=`, and does nothing when the apparmor package (which loads the profiles at boot) is missing.
        Offline, the boot configuration is judged; whether the running kernel has it on needs a live host.""",
    remediation="apt install apparmor; remove apparmor=0 / security= from GRUB_CMDLINE_LINUX in"
    " /etc/default/grub, then update-grub and reboot",
    references=(CIS, "kernel admin-guide/LSM/apparmor.rst"),
)
def apparmor_enabled(apparmor: AppArmorFacts, cmdline: BootCmdline) -> Outcome:
    live = cmdline.live is not None
    off = _turned_off(cmdline, live=live) or (_turned_off(cmdline, live=False) if live else None)
    if off is not None:
        why, param = off
        when = "the running kernel" if param.location.path == "/proc/cmdline" else "the boot configuration"
        return failed(f"{why} ({when}, {param.location})", _param(param, "no such parameter"))
    if not apparmor.parser:
        home = evidence(
            APPARMOR_D, None, "apparmor_parser not installed", "the apparmor package", role=EvidenceRole.FILE
        )
        return failed("the apparmor package is not installed: no profile is loaded at boot", home)
    if apparmor.enabled is None:
        return unknown(
            "the boot configuration leaves AppArmor on and the apparmor package is installed; "
            "whether the running kernel has it on needs a live host"
        )
    shown = apparmor.enabled or "no /sys/module/apparmor"
    state = evidence(
        "/sys/module/apparmor/parameters/enabled",
        None,
        shown,
        "Y",
        role=EvidenceRole.SETTING,
        setting=SettingRef(Dialect.LIVE, "/sys/module/apparmor/parameters/enabled", "enabled"),
    )
    if apparmor.enabled != "Y":
        return failed(f"the running kernel has AppArmor off (enabled: {shown})", state)
    loaded = "" if apparmor.live is None else f", {plural(len(apparmor.live), 'profile')} loaded"
    return passed(f"AppArmor is on in the running kernel{loaded}", state)


@rule(
    id="kernel.apparmor-profiles-enforced",
    title="AppArmor profiles are enforced, not in complain mode",
    problem="An AppArmor profile only logs what it should refuse (complain mode)",
    severity=Severity.LOW,
    rationale="""A profile in complain mode confines nothing: it logs what it would refuse and lets it
        happen. It is meant for writing a profile, not for a server in service. A profile is in complain
        mode through `flags=(complain)` in its header or a link in /etc/apparmor.d/force-complain/; live, the
        kernel's list of loaded profiles shows each one's mode. Only profiles of programs installed here are
        judged (AppArmor 4 ships profiles in complain mode for desktop programs a server lacks); disabled
        ones (a link in /etc/apparmor.d/disable/) are not loaded and are only named.""",
    remediation="aa-enforce /etc/apparmor.d/<profile>   (removes flags=(complain) and the force-complain"
    " link, then reloads it)",
    references=(CIS, "apparmor.d(5)", "aa-enforce(8)"),
)
def apparmor_profiles_enforced(apparmor: AppArmorFacts) -> Outcome:
    if not apparmor.profiles and not apparmor.live and not apparmor.issues:
        return not_applicable(f"no AppArmor profile in {APPARMOR_D} nor loaded")
    if not apparmor.parser and apparmor.live is None:
        return not_applicable(
            f"{plural(len(apparmor.profiles), 'profile')} in {APPARMOR_D}, but without the apparmor package "
            "none is loaded (kernel.apparmor-enabled reports that)"
        )
    active = [p for p in apparmor.profiles if not p.disabled]
    judged = [p for p in active if p.installed]
    bad, names = _complain_files(judged)
    by_name = {p.name: p for p in active}
    for loaded in (p for p in apparmor.live or () if p.mode == "complain"):
        known = by_name.get(loaded.name)
        if known is not None and not known.installed:
            continue
        if known is None:
            names.append(f"{loaded.name} (loaded, {loaded.location})")
        ref = SettingRef(Dialect.LIVE, loaded.location.path, loaded.name)
        at = loaded.location
        bad.append(evidence(at.path, at.line, "complain", "enforce", role=EvidenceRole.SETTING, setting=ref))
    idle = [p.name for p in active if p.complain and not p.installed]
    notes = [f"; disabled: {listing(p.name for p in apparmor.profiles if p.disabled)}"] * any(
        p.disabled for p in apparmor.profiles
    )
    notes += [f"; in complain mode but for no installed program: {listing(idle, limit=5)}"] * bool(idle)
    note = "".join(notes)
    if bad:
        count = len(names) or len(bad)
        are = agree(count, "is", "are")
        head = f"{plural(count, 'AppArmor profile')} of installed programs {are} in complain mode"
        return failed(f"{head}: {listing(names, limit=5)}{note}", *bad[:MAX_EVIDENCE])
    if apparmor.issues:
        first = apparmor.issues[0]
        proof = (unusable(i.location) for i in apparmor.issues if i.location is not None)
        return errored(f"{plural(len(apparmor.issues), 'profile problem')}; first: {first}{note}", *proof)
    seen = plural(len(active), "profile") + " loaded at boot"
    if apparmor.live is not None:
        seen += f", {len(apparmor.live)} in the kernel"
    programs = plural(len(judged), "installed program")
    return passed(f"no profile of an installed program is in complain mode ({seen}; {programs}){note}")


def _complain_files(profiles: list[Profile]) -> tuple[list[Evidence], list[str]]:
    bad: list[Evidence] = []
    names: list[str] = []
    for profile in (p for p in profiles if p.complain):
        at = profile.location
        names.append(f"{profile.name} ({at})")
        ref = SettingRef(Dialect.APPARMOR, at.path, "flags", profile.name)
        how = "force-complain link" if profile.forced_complain else f"flags=({','.join(profile.flags)})"
        wanted = Wanted(Relation.NONE_OF, ("complain",))
        bad.append(
            evidence(at.path, at.line, how, "enforce", role=EvidenceRole.SETTING, setting=ref, wanted=wanted)
        )
    return bad, names
