"""Helpers shared by the SIP rules: what a rule judges only where its configuration exists."""

from __future__ import annotations

from collections.abc import Callable

from garrison.facts.sip import KamailioConfig, SipFacts
from garrison.model import Evidence, EvidenceRole, Outcome, not_applicable


def on_kamailio(sip: SipFacts, check: Callable[[KamailioConfig], Outcome]) -> Outcome:
    """`check` on the Kamailio configuration; not applicable where there is none."""
    if sip.kamailio is None:
        return not_applicable("no Kamailio configuration found")
    return check(sip.kamailio)


_DEFINES = ("define", "trydef", "redefine")


def switch_context(config: KamailioConfig, name: str) -> tuple[Evidence, ...]:
    """The preprocessor switch that turns a feature on, cited at its own line (role CONTEXT): its active
    `#!define`, else the `#!ifdef` that guards the feature (the name then being undefined)."""
    defined = next(
        (s for s in config.switches if s.name == name and s.active and s.directive in _DEFINES), None
    )
    if defined is not None:
        return (Evidence(defined.location, f"#!{defined.directive} {name}", None, EvidenceRole.CONTEXT),)
    guard = config.switch(name, "ifdef")
    if guard is not None:
        return (
            Evidence(guard.location, f"#!ifdef {name} ({name} is not defined)", None, EvidenceRole.CONTEXT),
        )
    return ()
