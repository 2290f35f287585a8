"""Prosody resource limits: mod_limits, connection rate limits and stanza size limits."""

from __future__ import annotations

from garrison.facts.prosody import LuaTable, ProsodyFacts, ProsodyOption, defaults
from garrison.model import Outcome, Relation, Severity, Wanted, errored, failed, passed
from garrison.rules.prosody.common import checked, cite, shown_value, undecidable
from garrison.rules.registry import rule
from garrison.rules.wording import listing

GUIDE_STANZA_LIMIT = 64 * 1024


def _modules(prosody: ProsodyFacts) -> ProsodyOption:
    return prosody.effective("modules_enabled", None)


@rule(
    id="prosody.mod-limits",
    title="Prosody loads mod_limits",
    problem="Prosody does not load mod_limits",
    severity=Severity.MEDIUM,
    rationale="Without mod_limits one client or server can flood the server with unlimited traffic.",
    remediation='modules_enabled = { ...; "limits"; }',
    references=("guide:000 Rate Limiting",),
)
def mod_limits(prosody: ProsodyFacts) -> Outcome:
    where = _modules(prosody)
    if "limits" in prosody.modules():
        return passed("mod_limits is loaded", cite(where, "limits"))
    return failed(
        "mod_limits is not loaded",
        cite(where, "not in modules_enabled", "limits", wanted=Wanted(Relation.ONE_OF, ("limits",))),
    )


@rule(
    id="prosody.rate-limits",
    title="Prosody rate-limits client and server connections",
    problem="Prosody does not rate-limit client and server connections",
    severity=Severity.MEDIUM,
    rationale="A per-connection byte rate stops a single session from exhausting bandwidth and CPU.",
    remediation='limits = { c2s = { rate = "10kb/s" }; s2sin = { rate = "30kb/s" } }',
    references=("guide:000 Stanza Rate Limits",),
)
def rate_limits(prosody: ProsodyFacts) -> Outcome:
    if "limits" not in prosody.modules():
        return failed(
            "mod_limits is not loaded, so no rate applies",
            cite(_modules(prosody), "no limits", "limits module with c2s/s2sin rates"),
        )
    limits = prosody.effective("limits", None)
    wrong = checked((limits,), "limits", (type(None), LuaTable), "a table")
    if wrong is not None:
        return wrong
    missing = []
    for kind in ("c2s", "s2sin"):
        section = limits.value.get(kind) if isinstance(limits.value, LuaTable) else None
        if not (isinstance(section, LuaTable) and isinstance(section.get("rate"), str | int | float)):
            missing.append(kind)
    if missing:
        return failed(
            f"no rate limit for {listing(missing)}",
            cite(limits, "unset" if limits.value is None else None, "c2s and s2sin rates"),
        )
    return passed("c2s and s2sin connections are rate-limited", cite(limits))


@rule(
    id="prosody.stanza-size-limits",
    title="Prosody caps stanza sizes at 64 KiB",
    problem="Prosody accepts stanzas larger than 64 KiB",
    severity=Severity.LOW,
    rationale="Large stanzas cost memory and parser time; 64 KiB is ample for chat and limits abuse.",
    remediation="c2s_stanza_size_limit = 64*1024\ns2s_stanza_size_limit = 64*1024",
    references=("guide:000 Stanza Rate Limits",),
)
def stanza_size_limits(prosody: ProsodyFacts) -> Outcome:
    bad = []
    seen = []
    for name, default in (
        ("c2s_stanza_size_limit", defaults.C2S_STANZA_SIZE_LIMIT),
        ("s2s_stanza_size_limit", defaults.S2S_STANZA_SIZE_LIMIT),
    ):
        item = prosody.effective(name, default)
        undecided = undecidable((item,), name)
        if undecided is not None:
            return undecided
        if not isinstance(item.value, int | float) or isinstance(item.value, bool):
            return errored(
                f"{name} must be a number of bytes, got {shown_value(item.value)}",
                cite(item, shown_value(item.value)),
            )
        seen.append(cite(item))
        if item.value > GUIDE_STANZA_LIMIT or item.value <= 0:
            bad.append(cite(item, expected=f"<= {GUIDE_STANZA_LIMIT}"))
    if bad:
        return failed(
            f"stanza size limit above 64 KiB ({prosody.version} defaults: 256 KiB c2s, 512 KiB s2s)", *bad
        )
    return passed("stanza sizes are capped at 64 KiB or less", *seen)
