"""Prosody's inline secrets: external component secrets (weak or shared) and TURN / external-service secrets
written into a config file other users can read. Secret values never reach a message or evidence."""

from __future__ import annotations

from garrison.facts.placeholders import is_redaction
from garrison.facts.prosody import HostKind, Opaque, ProsodyFacts, ProsodyOption
from garrison.model import Evidence, Outcome, Severity, failed, passed, unknown
from garrison.rules.prosody.common import cite
from garrison.rules.registry import rule
from garrison.rules.wording import listing, mode, nothing_to_check, plural

MIN_SECRET_LENGTH = 16
#: secrets copied from Prosody's and XEP-0114 components' documentation and tutorials
_EXAMPLES = frozenset({"secret", "mysecret", "password", "changeme", "componentsecret", "mycomponentsecret"})
#: options holding the shared secret of a TURN server or mod_external_services
TURN_SECRETS = ("turn_external_secret", "turncredentials_secret", "external_service_secret")


def _weakness(secret: str) -> str | None:
    """Why a component secret is weak, never quoting it; None when it is not."""
    if secret.lower() in _EXAMPLES:
        return "a documentation example"
    if len(secret) < MIN_SECRET_LENGTH:
        return f"{plural(len(secret), 'character')} long"
    if len(set(secret)) < 6:
        return "made of a few repeated characters"
    return None


def _component_secrets(prosody: ProsodyFacts) -> list[ProsodyOption]:
    out = []
    for host in prosody.hosts:
        if host.enabled and host.kind is HostKind.COMPONENT and host.module in (None, "component"):
            out.append(prosody.effective("component_secret", None, host.name))
    return out


@rule(
    id="prosody.component-secret",
    title="Each Prosody external component has a strong secret of its own",
    problem="A Prosody external component's secret is weak or shared with another component",
    severity=Severity.HIGH,
    rationale="An external component (XEP-0114) proves itself with its secret alone; a short or copied "
    "secret is guessed, and one shared by several components lets each impersonate the others' domains.",
    remediation='component_secret = "<32 random characters, one per Component>"   (openssl rand -hex 16)',
    references=("guide:000 Access Control", "guide:002 port table"),
)
def component_secret(prosody: ProsodyFacts) -> Outcome:
    items = _component_secrets(prosody)
    if not items:
        return nothing_to_check("no external component is configured")
    bad: list[Evidence] = []
    reasons: list[str] = []
    seen: dict[str, str] = {}
    for item in items:
        value = item.value
        if isinstance(value, Opaque) or (isinstance(value, str) and is_redaction(value)):
            return unknown(f"component_secret {item.label} is not written out", cite(item, "<not shown>"))
        if not isinstance(value, str):
            bad.append(cite(item, "no secret", "a random secret of 32 characters"))
            reasons.append(f"{item.scope} has no secret")
            continue
        why = _weakness(value)
        if value in seen:
            why = f"the same as {seen[value]}'s"
        seen.setdefault(value, item.scope)
        if why is not None:
            bad.append(cite(item, f"a secret {why}", "a random secret of 32 characters"))
            reasons.append(f"{item.scope}'s is {why}")
    if bad:
        return failed(f"weak component secrets: {listing(reasons, limit=4)}", *bad)
    return passed(f"{plural(len(items), 'external component')} with a strong secret of its own")


@rule(
    id="prosody.turn-secret",
    title="Prosody's TURN secrets are not written where other users can read them",
    problem="A Prosody TURN or external-service secret is written in a config file other users can read",
    severity=Severity.MEDIUM,
    rationale="The TURN shared secret mints relay credentials for anyone: written into a world-readable "
    "config, every local user can use (and abuse) the relay.",
    remediation='turn_external_secret = Credential("turn")   (Prosody 13; 0.12: keep the file mode 0640 '
    "root:prosody)",
    references=("guide:000 Access Control",),
)
def turn_secret(prosody: ProsodyFacts) -> Outcome:
    found = [o for name in TURN_SECRETS for o in prosody.per_scope(name, None) if o.setting is not None]
    if not found:
        return nothing_to_check("no TURN or external-service secret is set")
    exposed: list[Evidence] = []
    for item in found:
        if not isinstance(item.value, str) or is_redaction(item.value):
            continue  # Credential(), FileContents() or a placeholder: not written out
        path = item.effective.location.path
        bits = prosody.modes.get(path or "", 0)
        if bits & 0o004:
            name = item.effective.setting.key
            exposed.append(cite(item, f"{name} inline, file mode {mode(bits)}", "0640 or Credential()"))
    if exposed:
        return failed(
            f"{plural(len(exposed), 'TURN secret')} written in a world-readable file ({prosody.version})",
            *exposed,
        )
    return passed("TURN secrets are read from a credential or kept in files only Prosody can read")
