"""sshd configuration validity: what sshd would refuse to start with or ignores (deprecated keywords),
keywords it does not know (a setting that never applies), and Include lines that name no file. Judged as
the installed OpenSSH release (the reference, Debian 12's 9.2, when the version is unknown: the messages
say so)."""

from __future__ import annotations

from garrison.facts.quoting import shown
from garrison.facts.sshd import SshdFacts, UnknownKeyword
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
    failed,
    passed,
)
from garrison.rules.registry import rule
from garrison.rules.wording import counted, listing, plural

_ABSENT = Wanted(Relation.ABSENT)


def _judged_as(sshd: SshdFacts) -> str:
    return sshd.version_note or f"judged as {sshd.release.label}"


@rule(
    id="ssh.config-valid",
    title="Every line of the sshd configuration is accepted and applied",
    problem="The sshd configuration has lines sshd refuses or ignores",
    severity=Severity.MEDIUM,
    rationale="sshd does not start with a configuration it refuses, and a reload keeps the old settings: "
    "the hardening written in the files is not what runs. A deprecated keyword is accepted and ignored: "
    "what it was meant to enforce is not enforced.",
    remediation="sshd -t   (then fix each line it names; remove deprecated keywords such as Protocol)",
)
def config_valid(sshd: SshdFacts) -> Outcome:
    if sshd.problems:
        evidence = [Evidence(p.location, None, None, EvidenceRole.FILE) for p in sshd.problems]
        first, count = sshd.problems[0], len(sshd.problems)
        more = f" ({counted(count, 'problem', 'is', 'are')} found)" if count > 1 else ""
        return errored(
            f"sshd would refuse its configuration: {first.location}: {first.message}{more}; every other "
            f"setting is still judged ({_judged_as(sshd)})",
            *evidence,
        )
    if sshd.ignored:
        ignored = [
            Evidence(
                d.location,
                d.written,
                "no such line",
                EvidenceRole.SETTING,
                SettingRef(Dialect.SSHD, d.location.path, d.written),
                wanted=_ABSENT,
            )
            for d in sshd.ignored
        ]
        lines = listing((f"{d.written} ({d.location})" for d in sshd.ignored), limit=5)
        return failed(f"sshd ignores deprecated or unsupported keywords: {lines}", *ignored)
    return passed(f"sshd accepts and applies every line of its configuration ({_judged_as(sshd)})")


def _unknown_reason(sshd: SshdFacts, odd: UnknownKeyword) -> str:
    name = shown(odd.written)
    if odd.since is not None:
        return f"{odd.location}: {name} is a keyword of OpenSSH {odd.since} on, not of {sshd.release.label}"
    hint = f" (did you mean {odd.suggestion}?)" if odd.suggestion else ""
    return f"{odd.location}: {name} is not an sshd keyword{hint}"


@rule(
    id="ssh.unknown-keywords",
    title="Every sshd configuration keyword is one sshd knows",
    problem="The sshd configuration has keywords sshd does not know",
    severity=Severity.MEDIUM,
    rationale="A misspelt keyword, or one of a newer OpenSSH release, never applies: the setting it was "
    "meant to make is left at its default, and sshd refuses to start with the file.",
    remediation="Correct the keyword's spelling (sshd_config(5)) or remove the line",
)
def unknown_keywords(sshd: SshdFacts) -> Outcome:
    if not sshd.unknown_keywords:
        return passed(f"every keyword is one sshd knows ({_judged_as(sshd)})")
    evidence = [
        Evidence(
            odd.location,
            shown(odd.written),
            f"the keyword {odd.suggestion}" if odd.suggestion else "no such line",
            EvidenceRole.SETTING,
            SettingRef(Dialect.SSHD, odd.location.path, shown(odd.written)),
            wanted=None if odd.suggestion else _ABSENT,
        )
        for odd in sshd.unknown_keywords
    ]
    reasons = [_unknown_reason(sshd, odd) for odd in sshd.unknown_keywords]
    return failed(f"{listing(reasons, limit=5)}: these lines never apply", *evidence)


@rule(
    id="ssh.include-missing",
    title="Every file an sshd Include names exists",
    problem="An sshd Include names a file that does not exist",
    severity=Severity.LOW,
    rationale="sshd skips an Include whose file is missing without a word: whatever was meant to be set "
    "there is left at its default.",
    remediation="Create the included file, or correct the Include line's path",
)
def include_missing(sshd: SshdFacts) -> Outcome:
    if not sshd.missing_includes:
        return passed("every file an Include line names exists (wildcards may match none)")
    evidence = [
        Evidence(
            gap.location,
            gap.path,
            "an existing file",
            EvidenceRole.SETTING,
            SettingRef(Dialect.SSHD, gap.location.path, "Include"),
        )
        for gap in sshd.missing_includes
    ]
    named = listing((f"{g.path} ({g.location})" for g in sshd.missing_includes), limit=5)
    count = plural(len(sshd.missing_includes), "included file")
    return failed(f"{count} missing: {named}; sshd skips it without a word", *evidence)
