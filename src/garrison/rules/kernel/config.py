"""Kernel rules on the sysctl configuration itself: syntax, drift from the running kernel, explicitness."""

from __future__ import annotations

from dataclasses import replace

from garrison.facts.sysctl import GUIDE_SETTINGS, SysctlFacts, dotted
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Outcome,
    Severity,
    failed,
    passed,
    unknown,
)
from garrison.rules.expect import Effective, equals
from garrison.rules.registry import rule
from garrison.rules.wording import agree, listing, nothing_to_check, plural

MAX_EVIDENCE = 25


@rule(
    id="kernel.sysctl-config-syntax",
    title="Every sysctl.d line is understood",
    problem="A sysctl.d line is skipped or misread",
    severity=Severity.MEDIUM,
    rationale="""systemd-sysctl warns about a line it cannot parse and skips it, so a typo silently leaves
        a kernel parameter at its default while the file suggests otherwise.""",
    remediation="Fix or remove the lines cited (`key = value`, comments on their own line).",
    references=("sysctl.d(5)",),
)
def sysctl_config_syntax(sysctl: SysctlFacts) -> Outcome:
    if not sysctl.issues:
        if not sysctl.files:
            return nothing_to_check("no sysctl configuration file exists")
        return passed(f"{plural(len(sysctl.files), 'sysctl file')} parsed without problems")
    proof = tuple(
        Evidence(i.location, i.message, None, EvidenceRole.FILE) for i in sysctl.issues[:MAX_EVIDENCE]
    )
    first = sysctl.issues[0]
    count = len(sysctl.issues)
    return failed(
        f"{plural(count, 'sysctl line')} {agree(count, 'is', 'are')} skipped or misread; first: {first}",
        *proof,
    )


@rule(
    id="kernel.sysctl-runtime-drift",
    title="The running kernel has the persisted sysctl values",
    problem="The running kernel differs from the persisted sysctl values",
    severity=Severity.MEDIUM,
    rationale="""A value changed with `sysctl -w` (or by a program) but not persisted is lost at reboot,
        and a persisted value that is not live means the hardening is not in force now.""",
    remediation="Apply the files with `sysctl --system`, or persist the live value in /etc/sysctl.d/.",
    references=("sysctl.d(5)",),
)
def sysctl_runtime_drift(sysctl: SysctlFacts) -> Outcome:
    if sysctl.runtime is None:
        return unknown("runtime values need a live host (/proc/sys); this target is offline")
    drifts: list[Evidence] = []
    names: list[str] = []
    compared = 0
    keys = dict.fromkeys(sysctl.explicit_keys())
    keys.update(dict.fromkeys(k for k in sysctl.runtime if (p := sysctl.persisted(k)) is not None and p.glob))
    for key in keys:
        item = sysctl.persisted(key)
        live = sysctl.runtime.get(key)
        if item is None or item.value is None or live is None:
            continue
        compared += 1
        if item.value.split() != live.split():
            names.append(f"{dotted(key)} is {live} (persisted {item.value})")
            same = equals(item.value)
            drifts.append(item.effective.cite(item.value, wanted=same, actual=live))
    if not drifts:
        if not compared:
            return nothing_to_check("no sysctl file sets a value the running kernel has")
        return passed(
            f"{plural(compared, 'persisted value')} {agree(compared, 'matches', 'match')} the running kernel"
        )
    shown = "; ".join(names[:5]) + (f"; and {len(names) - 5} more" if len(names) > 5 else "")
    count = len(drifts)
    differ = agree(count, "differs", "differ")
    message = f"{plural(count, 'running value')} {differ} from the persisted ones: {shown}"
    return failed(message, *drifts[:MAX_EVIDENCE])


@rule(
    id="kernel.sysctl-hardening-persisted",
    title="The guide's kernel parameters are set explicitly",
    problem="Some of the guide's kernel parameters rely on the kernel default",
    severity=Severity.LOW,
    rationale="""The hardening guides ask for these parameters to be written down even where the kernel's
        default is already safe: an explicit file documents the intent and survives a kernel or
        distribution whose default differs.""",
    remediation="Add the missing keys to /etc/sysctl.d/99-hardening.conf (`kernel.randomize_va_space = 2`).",
    references=("guide:001 kernel parameters", "guide:002 step 3 kernel hardening"),
)
def sysctl_hardening_persisted(sysctl: SysctlFacts) -> Outcome:
    missing: list[Evidence] = []
    names: list[str] = []
    for key, want in GUIDE_SETTINGS:
        current = sysctl.effective(key)
        if current.origin.written:
            continue
        names.append(key)
        value = current.effective.value
        absent = Effective.default(Dialect.SYSCTL, sysctl.home, key, value, shown=value or "not set")
        if current.commented_out:  # Debian's sysctl.conf has a commented-out line for it: uncomment it there
            absent = replace(absent, setting=current.effective.setting, line=current.effective.line)
        missing.append(absent.cite(f"{key} = {want}", wanted=equals(want)))
    if not missing:
        return passed(f"all {len(GUIDE_SETTINGS)} parameters of the guides are set in sysctl files")
    count = len(names)
    return failed(
        f"{plural(count, 'parameter')} {agree(count, 'relies', 'rely')} on the kernel default: "
        + listing(names),
        *missing,
    )
