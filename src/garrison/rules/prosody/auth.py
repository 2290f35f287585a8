"""Prosody authentication: password storage, registration, registration throttling, admins."""

from __future__ import annotations

import re

from garrison.facts.prosody import (
    HostKind,
    LuaTable,
    Opaque,
    ProsodyFacts,
    ProsodyOption,
    defaults,
    near,
)
from garrison.model import Outcome, Severity, failed, passed
from garrison.rules.prosody.common import at_entry, checked, cite, mistyped, show, undecidable
from garrison.rules.registry import rule
from garrison.rules.wording import listing, nothing_to_check, plural, unique

_JID = re.compile(r"^(?:[^@/\s\"&'<>:]+@)?[A-Za-z0-9.-]+\.?[A-Za-z0-9-]*$")


@rule(
    id="prosody.authentication",
    title="Prosody stores passwords hashed (not internal_plain)",
    problem="Prosody stores passwords in clear text (internal_plain)",
    severity=Severity.HIGH,
    rationale="internal_plain keeps every password in clear text on disk; a leaked data directory "
    "leaks them.",
    remediation='authentication = "internal_hashed"',
    references=("guide:000 Strong Authentication",),
)
def authentication(prosody: ProsodyFacts) -> Outcome:
    items = prosody.per_scope("authentication", prosody.release.authentication)
    wrong = checked(items, "authentication", str, "a provider name")
    if wrong is not None:
        return wrong
    plain = [i for i in items if i.value == "internal_plain"]
    if plain:
        why = (
            f" (the built-in default of {prosody.version})"
            if any(i.effective.is_default for i in plain)
            else ""
        )
        return failed(
            f"passwords are stored in clear text (internal_plain){why}",
            *(cite(i, expected='"internal_hashed"') for i in plain),
        )
    providers = prosody.release.auth_providers
    strange = [i for i in items if str(i.value) not in providers and str(i.value) not in _COMMUNITY_AUTH]
    if strange:
        named = [f"{i.value} {i.label}" + _did_you_mean(str(i.value), providers) for i in strange]
        return failed(
            f"{prosody.version} has no authentication provider {listing(named)}: nobody can log in there",
            *(cite(i, expected='"internal_hashed"') for i in strange),
        )
    return passed(
        "password storage: " + listing(f"{i.value} {i.label}" for i in items),
        *unique(cite(i) for i in items),
    )


#: authentication providers of widespread prosody-modules (community) modules
_COMMUNITY_AUTH = frozenset(
    {"ldap", "ldap2", "http", "http_async", "http_cookie", "dovecot", "external", "external_insecure", "imap",
     "pam", "sql", "token", "oauth_external", "ha1", "wordpress", "joomla", "phpbb3", "ccert", "custom_http",
     "jitsi-anonymous", "cyrus", "internal_plain", "internal_hashed", "anonymous"}
)  # fmt: skip


def _did_you_mean(name: str, known: frozenset[str]) -> str:
    close = near(name, tuple(sorted(known)))
    return f" (did you mean {close}?)" if close else ""


_REGISTRATION = ("allow_registration", "registration_invite_only")
_THROTTLES = ("min_seconds_between_registrations", "registration_throttle_max")


def _registration(prosody: ProsodyFacts, scope: str) -> tuple[ProsodyOption, bool, bool] | Outcome:
    """(allow_registration, registration possible, invite-only) for one scope, or an outcome."""
    allow = prosody.effective("allow_registration", defaults.ALLOW_REGISTRATION, scope)
    invite = prosody.effective("registration_invite_only", defaults.REGISTRATION_INVITE_ONLY, scope)
    undecided = undecidable((allow, invite), "allow_registration")
    if undecided is not None:
        return undecided
    for item, name in ((allow, "allow_registration"), (invite, "registration_invite_only")):
        if not isinstance(item.value, bool):
            return mistyped(item, name, "true or false")
    modules = prosody.modules(scope)
    possible = allow.value is True and "register" in modules
    invite_only = "invites_register" in modules and invite.value is True
    return allow, possible, invite_only


def _open_scopes(prosody: ProsodyFacts, *names: str) -> tuple[list[ProsodyOption], Outcome | None]:
    """allow_registration of each scope where anyone may register (not invite-only), in order, up to the
    first scope whose settings cannot be judged (then also its outcome)."""
    opened: list[ProsodyOption] = []
    for scope in prosody.scopes_apart(*names):  # the other hosts end as the global scope does
        state = _registration(prosody, scope)
        if isinstance(state, Outcome):
            return opened, state
        allow, possible, invite_only = state
        if possible and not invite_only:
            opened.append(allow)
    return opened, None


@rule(
    id="prosody.allow-registration",
    title="Prosody does not let anyone create an account",
    problem="Anyone can create an account on Prosody",
    severity=Severity.MEDIUM,
    rationale="Open in-band registration is abused by spam bots within days of a server going online.",
    remediation="allow_registration = false   (or invite-only: modules invites + invites_register, "
    "registration_invite_only = true)",
    references=("guide:000 User Registration Controls",),
)
def allow_registration(prosody: ProsodyFacts) -> Outcome:
    opened, stop = _open_scopes(prosody, *_REGISTRATION)
    if opened:
        first = opened[0]
        return failed(f"anyone can register an account {first.label}", cite(first, expected="false"))
    return stop if stop is not None else passed("registration is closed or invite-only")


@rule(
    id="prosody.registration-throttle",
    title="Prosody throttles account registrations",
    problem="Prosody does not throttle account registrations",
    severity=Severity.LOW,
    rationale="Where accounts can be created in-band, a per-IP throttle slows down mass account creation.",
    remediation="min_seconds_between_registrations = 300   (or registration_throttle_max = 10)",
    references=("guide:000 Rate Limiting",),
)
def registration_throttle(prosody: ProsodyFacts) -> Outcome:
    opened, stop = _open_scopes(prosody, *_REGISTRATION, *_THROTTLES)
    for allow in opened:
        throttles = [prosody.option(n, allow.scope) for n in _THROTTLES]
        if not any(t is not None and isinstance(t.value, int | float) and t.value > 0 for t in throttles):
            return failed(
                f"registration is open {allow.label} without a throttle",
                cite(allow, actual="no registration throttle", expected="min_seconds_between_registrations"),
            )
    if stop is not None:
        return stop
    if not opened:
        return nothing_to_check("registration is closed or invite-only everywhere")
    return passed("open registration is throttled")


@rule(
    id="prosody.admins",
    title="Prosody names its administrators with valid JIDs",
    problem="Prosody names no administrator, or one with an invalid JID",
    severity=Severity.LOW,
    rationale="Without an admin nobody can act on abuse from a client; a malformed entry grants nothing.",
    remediation='admins = { "you@example.com" }',
    references=("guide:000 Access Control",),
)
def admins(prosody: ProsodyFacts) -> Outcome:
    items = prosody.per_scope("admins", LuaTable())
    undecided = undecidable(items, "admins")
    if undecided is not None:
        return undecided
    names: list[str] = []
    for item in items:
        if not isinstance(item.value, LuaTable):
            return mistyped(item, "admins", "a list of JIDs")
        for entry in item.value.items:
            if isinstance(entry, Opaque):
                continue
            if not isinstance(entry, str) or not _JID.match(entry):
                where = at_entry(item, item.value.item_line(entry))
                return failed(
                    f"admins entry {show(entry)} is not a bare JID", cite(where, show(entry), "user@domain")
                )
            names.append(entry)
    if not names:
        first = items[0]
        return failed(
            "no administrator is configured",
            cite(first, "{}", '{ "admin@example.com" }'),
        )
    return passed(f"{plural(len(names), 'administrator')} configured", *unique(cite(i) for i in items))


@rule(
    id="prosody.plain-auth-unencrypted",
    title="Prosody never offers plain-text password login over an unencrypted connection",
    problem="Prosody offers PLAIN password login over unencrypted connections",
    severity=Severity.HIGH,
    rationale="allow_unencrypted_plain_auth lets a client send its password in clear before TLS; anyone "
    "on the path reads it.",
    remediation="allow_unencrypted_plain_auth = false   (or remove it)",
    references=("guide:000 Strong Authentication", "guide:000 Transport Layer Security"),
)
def plain_auth_unencrypted(prosody: ProsodyFacts) -> Outcome:
    items = prosody.per_scope("allow_unencrypted_plain_auth", False)
    wrong = checked(items, "allow_unencrypted_plain_auth", bool, "true or false")
    if wrong is not None:
        return wrong
    bad = [i for i in items if i.value is True]
    if bad:
        labels = listing(i.label for i in bad)
        return failed(
            f"PLAIN login is offered before TLS {labels}", *(cite(i, expected="false") for i in bad)
        )
    return passed("PLAIN login needs an encrypted connection", *unique(cite(i) for i in items))


@rule(
    id="prosody.anonymous-auth",
    title="Prosody's anonymous login is confined to dedicated hosts that cannot federate",
    problem="Prosody lets anonymous users log in on every host, or federate",
    severity=Severity.MEDIUM,
    rationale='authentication = "anonymous" lets anyone log in without an account; set globally it opens '
    "every VirtualHost, and with allow_anonymous_s2s the anonymous users can spam other servers.",
    remediation='authentication = "anonymous" only under a guest VirtualHost; allow_anonymous_s2s = false',
    references=("guide:000 Strong Authentication", "guide:000 User Registration Controls"),
)
def anonymous_auth(prosody: ProsodyFacts) -> Outcome:
    hosts = {h.name for h in prosody.hosts if h.enabled and h.kind is HostKind.VIRTUALHOST}
    everywhere = prosody.effective("authentication", prosody.release.authentication)
    own = [s for s in prosody.scopes_setting("authentication") if s in hosts]
    if everywhere.value == "anonymous" and len(own) < len(hosts):
        return failed(
            "anonymous authentication is set globally: every VirtualHost accepts logins without an account",
            cite(everywhere, expected="an account provider globally, anonymous only under a guest host"),
        )
    anonymous = [
        i for i in (prosody.effective("authentication", None, s) for s in own) if i.value == "anonymous"
    ]
    if not anonymous:
        return nothing_to_check("no VirtualHost uses anonymous authentication")
    federating = [prosody.effective("allow_anonymous_s2s", False, i.scope) for i in anonymous]
    open_s2s = [f for f in federating if f.value is True]
    if open_s2s:
        return failed(
            f"anonymous users may federate {listing(f.label for f in open_s2s)}",
            *(cite(f, expected="false") for f in open_s2s),
        )
    return passed(
        f"anonymous login only on {listing(i.scope for i in anonymous)}, without federation",
        *unique(cite(i) for i in anonymous),
    )
