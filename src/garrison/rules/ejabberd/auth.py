"""ejabberd authentication: password storage, SASL mechanisms, brute-force bans, registration."""

from __future__ import annotations

import re

from garrison.facts.ejabberd import EjabberdFacts, Kind, Node, defaults
from garrison.facts.quoting import shown
from garrison.model import Outcome, Severity, Status, errored, failed, not_applicable, passed
from garrison.rules.ejabberd.common import access_open, cite, read_text, spec_open
from garrison.rules.expect import equals
from garrison.rules.registry import rule
from garrison.rules.wording import plural

_LOCAL_AUTH = frozenset({"mnesia", "sql", "internal", "odbc"})
_UNITS = {
    "": 1,
    "s": 1,
    "sec": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "ms": 0.001,
}
_FORMAT = "auth_password_format"
_SASL = "disable_sasl_mechanisms"
_DURATION = re.compile(r"^\s*(\d+)\s*([a-z]*)\s*$")


def _password_format(ejabberd: EjabberdFacts) -> tuple[str, Node | None] | Outcome:
    """The weakest effective auth_password_format: global, then any host_config override."""
    nodes = [ejabberd.option("auth_password_format")]
    nodes += [node for _, node in ejabberd.host_overrides("auth_password_format")]
    results: list[tuple[str, Node | None]] = []
    for node in nodes:
        value = read_text(ejabberd, node, "auth_password_format", defaults.AUTH_PASSWORD_FORMAT)
        if isinstance(value, Outcome):
            return value
        if value not in ("plain", "scram"):
            told = shown(value)
            return errored(
                f"auth_password_format {told} is not plain or scram", cite(ejabberd, node, told, key=_FORMAT)
            )
        results.append((value, node))
    return next((r for r in results if r[0] == "plain"), results[0])


def _stores_passwords(ejabberd: EjabberdFacts) -> bool:
    node = ejabberd.option("auth_method")
    methods = node.strings() if node is not None else ("mnesia",)
    return any(m in _LOCAL_AUTH for m in methods)


@rule(
    id="ejabberd.auth-password-format",
    title="The ejabberd server stores passwords as SCRAM hashes",
    problem="The ejabberd server stores passwords in clear text",
    severity=Severity.HIGH,
    rationale="With the default `plain` format every password sits in the database in clear text.",
    remediation="auth_password_format: scram",
    references=("guide:002 Step 6 Use SCRAM password storage",),
)
def auth_password_format(ejabberd: EjabberdFacts) -> Outcome:
    state = _password_format(ejabberd)
    if isinstance(state, Outcome):
        return state
    value, node = state
    if value == "scram":
        return passed("passwords are stored as SCRAM hashes", cite(ejabberd, node, value, key=_FORMAT))
    if not _stores_passwords(ejabberd):
        return passed("passwords are not stored by ejabberd (external auth_method)")
    shown = "plain" if node is not None else "plain (default)"
    return failed(
        "passwords are stored in clear text",
        cite(ejabberd, node, shown, "scram", key=_FORMAT, wanted=equals("scram")),
    )


def _disabled(ejabberd: EjabberdFacts) -> tuple[set[str], Node | None]:
    node = ejabberd.option("disable_sasl_mechanisms")
    return ({m.lower() for m in node.strings()} if node is not None else set()), node


@rule(
    id="ejabberd.sasl-digest-md5",
    title="The ejabberd server does not offer DIGEST-MD5 over clear-text password storage",
    problem="The ejabberd server offers DIGEST-MD5 over clear-text password storage",
    severity=Severity.MEDIUM,
    rationale="DIGEST-MD5 is obsolete (RFC 6331) and needs reversible passwords; with plain storage ejabberd "
    "offers it to every client.",
    remediation='disable_sasl_mechanisms:\n  - "digest-md5"\n  - "X-OAUTH2"',
    references=("guide:002 Step 6 Disable weak SASL mechanisms",),
)
def sasl_digest_md5(ejabberd: EjabberdFacts) -> Outcome:
    disabled, node = _disabled(ejabberd)
    if "digest-md5" in disabled:
        return passed("DIGEST-MD5 is disabled", cite(ejabberd, node, "digest-md5", key=_SASL))
    state = _password_format(ejabberd)
    if isinstance(state, Outcome):
        return state
    if state[0] == "scram":
        return passed("passwords are SCRAM hashes, so DIGEST-MD5 cannot be offered")
    return failed(
        "DIGEST-MD5 is offered (plain password storage, not disabled)",
        cite(ejabberd, node, "not disabled", "digest-md5 in disable_sasl_mechanisms", key=_SASL),
    )


@rule(
    id="ejabberd.disable-sasl-mechanisms",
    title="The ejabberd server explicitly disables DIGEST-MD5 and X-OAUTH2",
    problem="The ejabberd server does not explicitly disable DIGEST-MD5 and X-OAUTH2",
    severity=Severity.LOW,
    rationale="Listing the weak mechanisms keeps them off even if password storage or OAuth settings change.",
    remediation='disable_sasl_mechanisms:\n  - "digest-md5"\n  - "X-OAUTH2"',
    references=("guide:002 Step 6 Disable weak SASL mechanisms",),
)
def disable_sasl_mechanisms(ejabberd: EjabberdFacts) -> Outcome:
    disabled, node = _disabled(ejabberd)
    missing = [m for m in ("digest-md5", "x-oauth2") if m not in disabled]
    if missing:
        return failed(
            f"not disabled: {', '.join(missing)}",
            cite(ejabberd, node, ", ".join(sorted(disabled)) or "none", "digest-md5, X-OAUTH2", key=_SASL),
        )
    return passed(
        "DIGEST-MD5 and X-OAUTH2 are disabled", cite(ejabberd, node, ", ".join(sorted(disabled)), key=_SASL)
    )


@rule(
    id="ejabberd.mod-fail2ban",
    title="The ejabberd server bans IPs after repeated failed logins (mod_fail2ban)",
    problem="The ejabberd server does not ban IPs after failed logins (no mod_fail2ban)",
    severity=Severity.MEDIUM,
    rationale="Without mod_fail2ban an attacker can guess passwords over c2s as fast as the server answers.",
    remediation="modules:\n  mod_fail2ban:\n    c2s_auth_ban_lifetime: 6h\n    c2s_max_auth_failures: 5",
    references=("guide:002 Step 6 Configure fail2ban",),
)
def mod_fail2ban(ejabberd: EjabberdFacts) -> Outcome:
    node = ejabberd.module("mod_fail2ban")
    if node is not None:
        return passed("mod_fail2ban is loaded", cite(ejabberd, node, "mod_fail2ban"))
    return failed(
        "mod_fail2ban is not loaded",
        cite(ejabberd, ejabberd.option("modules"), "not loaded", "mod_fail2ban", key="modules"),
    )


def seconds(node: Node) -> float | None:
    """A duration option in seconds: an integer (seconds) or "6h", "6 hours", "30 min"; infinity -> inf."""
    if isinstance(node.scalar, int) and not isinstance(node.scalar, bool):
        return float(node.scalar)
    text = (node.text or "").strip().lower()
    if text == "infinity":
        return float("inf")
    match = _DURATION.match(text)
    if match is None or match.group(2) not in _UNITS:
        return None
    return int(match.group(1)) * _UNITS[match.group(2)]


@rule(
    id="ejabberd.fail2ban-limits",
    title="The ejabberd login ban triggers quickly and lasts (at most 5 failures, at least 6 hours)",
    problem="The ejabberd login ban triggers too late or ends too soon",
    severity=Severity.LOW,
    rationale="The defaults (20 failures, 1 hour ban) allow about 480 guesses per IP a day; the guide's 5 "
    "failures and 6 hours allow 20.",
    remediation="mod_fail2ban:\n  c2s_auth_ban_lifetime: 6h\n  c2s_max_auth_failures: 5",
    references=("guide:002 Step 6 Configure fail2ban",),
)
def fail2ban_limits(ejabberd: EjabberdFacts) -> Outcome:
    module = ejabberd.module("mod_fail2ban")
    if module is None:
        return not_applicable("mod_fail2ban is not loaded (see ejabberd.mod-fail2ban)")
    failures = module.get("c2s_max_auth_failures")
    lifetime = module.get("c2s_auth_ban_lifetime")
    count = defaults.FAIL2BAN_MAX_AUTH_FAILURES
    if failures is not None:
        if not isinstance(failures.scalar, int) or isinstance(failures.scalar, bool):
            return errored("c2s_max_auth_failures must be a number", cite(ejabberd, failures, failures.text))
        count = failures.scalar
    span: float | None = float(defaults.FAIL2BAN_BAN_LIFETIME_S)
    if lifetime is not None:
        span = seconds(lifetime)
        if span is None:
            return errored("c2s_auth_ban_lifetime is not a duration", cite(ejabberd, lifetime, lifetime.text))
    problems = []
    if count > defaults.GUIDE_MAX_AUTH_FAILURES:
        problems.append(cite(ejabberd, failures or module, count, f"<= {defaults.GUIDE_MAX_AUTH_FAILURES}"))
    if span is not None and span < defaults.GUIDE_BAN_LIFETIME_S:
        problems.append(cite(ejabberd, lifetime or module, _span(span), "6 hours or more"))
    if problems:
        return failed(
            f"ban after {plural(count, 'failure')} for {_span(span)} (guide: 5 failures, 6 hours)", *problems
        )
    return passed(f"ban after {plural(count, 'failure')} for {_span(span)}")


def _span(seconds: float | None) -> str:
    """`6 hours`, `30 minutes`, `90 seconds`, `ever`."""
    if seconds is None or seconds == float("inf"):
        return "ever"
    whole = int(seconds)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if whole and whole % size == 0:
            return plural(whole // size, unit)
    return plural(whole, "second")


@rule(
    id="ejabberd.registration-open",
    title="The ejabberd server does not let anyone register an account",
    problem="Anyone can register an account on the ejabberd server",
    severity=Severity.MEDIUM,
    rationale="Open in-band registration is abused by spam bots; restrict it by IP, invitation or captcha.",
    remediation="mod_register:\n  ip_access: trusted_network   (an access rule allowing loopback only)",
    references=("guide:002 A Note on Defense in Depth",),
)
def registration_open(ejabberd: EjabberdFacts) -> Outcome:
    modules = ejabberd.module_everywhere("mod_register")
    if not modules:
        return passed("mod_register is not loaded")
    for module in modules:
        verdict = _registration(ejabberd, module)
        if verdict.status is not Status.PASS:
            return verdict
    return verdict


def _registration(ejabberd: EjabberdFacts, module: Node) -> Outcome:
    checks: list[tuple[str, Node | None, bool]] = []
    for key, default in (("access", defaults.REGISTER_ACCESS), ("ip_access", defaults.REGISTER_IP_ACCESS)):
        node = module.get(key)
        if node is not None and node.kind is not Kind.SCALAR:
            checks.append((key, node, spec_open(node)))
            continue
        name = read_text(ejabberd, node, f"mod_register {key}", default)
        if isinstance(name, Outcome):
            return name
        checks.append((key, node, access_open(ejabberd, name)))
    if all(is_open for _, _, is_open in checks):
        return failed(
            "mod_register lets anyone from anywhere create an account",
            cite(ejabberd, module, "access: all, ip_access: all", "ip_access: trusted_network"),
        )
    closed = next(key for key, _, is_open in checks if not is_open)
    return passed(f"registration is restricted by {closed}")
