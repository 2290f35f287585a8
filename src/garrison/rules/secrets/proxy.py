"""Secrets rules on MTProto proxy secrets and settings. Evidence describes secrets, never shows them."""

from __future__ import annotations

from collections.abc import Callable

from garrison.facts.listeners import AddressScope, address_scope
from garrison.facts.secrets import (
    PORT_SETTINGS,
    MtprotoMode,
    ProxySecret,
    SecretKind,
    SecretsFacts,
)
from garrison.model import (
    Evidence,
    Outcome,
    Relation,
    Severity,
    Wanted,
    errored,
    failed,
    not_applicable,
    passed,
)
from garrison.rules.expect import equals, unusable
from garrison.rules.registry import rule
from garrison.rules.wording import counted, plural, unique

_NOT_A_VALUE = (SecretKind.PLACEHOLDER, SecretKind.REFERENCE)


def _judge(
    facts: SecretsFacts, bad: Callable[[ProxySecret], str | None], what: tuple[str, str], none: str
) -> Outcome:
    """`what` is the verb phrase for one secret and for several ("is malformed", "are malformed"); `none`
    says what no secret is, for the pass ("malformed or shorter than 16 bytes")."""
    secrets = [s for s in facts.proxy_secrets if s.summary.kind not in _NOT_A_VALUE]
    unreadable = [unusable(issue.location, issue.message) for issue in facts.unreadable]
    if not secrets and unreadable:
        return errored("a proxy configuration file cannot be read", *unreadable)
    if not secrets:
        return not_applicable("no MTProto proxy secret found")
    flagged: list[Evidence] = []
    for item in secrets:
        problem = bad(item)
        if problem:
            flagged.append(item.effective.cite(actual=f"{item.name}: {item.summary.describe()}; {problem}"))
    if flagged:
        return failed(f"{counted(len(flagged), 'MTProto secret', *what)}", *flagged)
    if unreadable:
        return errored(
            f"none of the readable MTProto secrets {what[1]}, but some files cannot be read", *unreadable
        )
    return passed(
        f"{plural(len(secrets), 'MTProto secret')} checked: none is {none}",
        *unique(s.effective.cite() for s in secrets),
    )


@rule(
    id="secrets.mtproto-secret-length",
    title="MTProto proxy secrets are 16 random bytes",
    problem="An MTProto proxy secret is malformed or shorter than 16 bytes",
    severity=Severity.HIGH,
    rationale="The MTProto secret is the proxy's only access control; clients need exactly 16 bytes "
    "(32 hex digits), and a shorter or malformed value is either guessable or rejected.",
    remediation="openssl rand -hex 16   (prefix ee + domain hex for fake-TLS with mtg)",
    references=("guide:004 secret management",),
)
def mtproto_secret_length(secrets: SecretsFacts) -> Outcome:
    def bad(item: ProxySecret) -> str | None:
        summary = item.summary
        if summary.kind is SecretKind.EMPTY:
            return "empty"
        if summary.bytes is None:
            return "not a hex or mtg base64 secret"
        return "shorter than 16 bytes" if summary.bytes < 16 else None

    return _judge(
        secrets,
        bad,
        ("is malformed or shorter than 16 bytes", "are malformed or shorter than 16 bytes"),
        "malformed or shorter than 16 bytes",
    )


@rule(
    id="secrets.mtproto-secret-entropy",
    title="MTProto proxy secrets are not low-entropy patterns",
    problem="An MTProto proxy secret is a low-entropy pattern",
    severity=Severity.HIGH,
    rationale="A secret typed by hand (repeated digits, 0123456789abcdef...) is found by anyone who tries "
    "the obvious values, and the proxy is then open to all.",
    remediation="openssl rand -hex 16",
    references=("guide:004 secret management (cryptographically secure random secrets)",),
)
def mtproto_secret_entropy(secrets: SecretsFacts) -> Outcome:
    def bad(item: ProxySecret) -> str | None:
        summary = item.summary
        if summary.kind is SecretKind.EMPTY or summary.known_example:
            return None  # judged by the length and example rules
        if summary.repeated:
            return "a repeated pattern"
        if summary.sequential:
            return "contains a sequential run"
        return "low entropy" if summary.entropy < 3.0 else None

    return _judge(
        secrets, bad, ("is a low-entropy pattern", "are low-entropy patterns"), "a low-entropy pattern"
    )


@rule(
    id="secrets.mtproto-secret-example",
    title="MTProto proxy secrets are not published example values",
    problem="An MTProto proxy secret is a published example value",
    severity=Severity.CRITICAL,
    rationale="Secrets copied from a README or tutorial are in every scanner's list: the proxy is public.",
    remediation="openssl rand -hex 16   and restart the proxy with the new secret",
    references=("guide:004 secret management",),
)
def mtproto_secret_example(secrets: SecretsFacts) -> Outcome:
    return _judge(
        secrets,
        lambda s: "a published example value" if s.summary.known_example else None,
        ("is a published example value", "are published example values"),
        "a published example value",
    )


@rule(
    id="secrets.mtproto-secret-mode",
    title="MTProto proxy secrets use fake-TLS or secure mode",
    problem="An MTProto proxy secret uses the plain, detectable mode",
    severity=Severity.LOW,
    rationale="A plain secret (no ee/dd prefix) speaks the original obfuscated protocol that DPI systems "
    "recognise and block; ee (fake-TLS) looks like HTTPS to the fronting domain.",
    remediation="MTG_SECRET=ee<32 hex digits><hex of the fronting domain>   (or MTG_SECURE_ONLY=true)",
    references=("guide:004 network security (TLS camouflage)",),
)
def mtproto_secret_mode(secrets: SecretsFacts) -> Outcome:
    secure_only = secrets.setting("MTG_SECURE_ONLY", "SECURE_ONLY")
    forced = secure_only is not None and secure_only.value.lower() in ("true", "1", "yes")

    def bad(item: ProxySecret) -> str | None:
        return (
            "plain mode (no ee/dd prefix)" if item.summary.mode is MtprotoMode.PLAIN and not forced else None
        )

    return _judge(
        secrets,
        bad,
        ("uses the plain, detectable mode", "use the plain, detectable mode"),
        "in the plain mode",
    )


@rule(
    id="secrets.max-connections-per-ip",
    title="The MTProto proxy limits connections per client address",
    problem="The MTProto proxy does not limit connections per client address",
    severity=Severity.LOW,
    rationale="Without a per-address cap one client (or a leaked secret) can hold every connection slot.",
    remediation="MTG_MAX_CONNECTIONS_PER_IP=10",
    references=("guide:004 network security (limit connections)",),
)
def max_connections_per_ip(secrets: SecretsFacts) -> Outcome:
    limit = secrets.effective(
        "MTG_MAX_CONNECTIONS_PER_IP", "MAX_CONNECTIONS_PER_IP", default="unset (unlimited)"
    )
    if limit is None:
        return not_applicable("no MTProto proxy configuration found")
    if limit.is_default:
        return failed(
            "no per-address connection limit is set",
            limit.cite("MTG_MAX_CONNECTIONS_PER_IP=10", wanted=equals("10")),
        )
    if not limit.value.strip().isdigit() or int(limit.value) <= 0:
        return failed(
            "the per-address connection limit is off or not a number",
            limit.cite("a positive number", wanted=Wanted(Relation.AT_LEAST, ("1",))),
        )
    return passed(f"at most {limit.value} connections per address", limit.cite())


@rule(
    id="secrets.stats-port-localhost",
    title="The proxy statistics endpoint listens on localhost only",
    problem="The proxy statistics endpoint listens beyond localhost",
    severity=Severity.HIGH,
    rationale="The stats endpoint reveals client counts and traffic and is unauthenticated; bound beyond "
    "loopback (or published by docker, which bypasses INPUT rules) it is public.",
    remediation='MTG_STATS_BIND=127.0.0.1:3001   or in compose: "127.0.0.1:3001:3001"',
    references=("guide:004 monitoring (curl http://localhost:3001/stats)",),
)
def stats_port_localhost(secrets: SecretsFacts) -> Outcome:
    if not secrets.stats:
        return not_applicable("no proxy statistics endpoint configured")
    public = [s for s in secrets.stats if address_scope(s.address) is not AddressScope.LOOPBACK]
    if public:
        return failed(
            f"{counted(len(public), 'statistics endpoint', 'listens', 'listen')} beyond loopback",
            *(s.effective.cite(f"127.0.0.1:{s.port}", wanted=equals(f"127.0.0.1:{s.port}")) for s in public),
        )
    first = secrets.stats[0]
    return passed(
        "statistics endpoints listen on loopback only",
        first.effective.cite(),
    )


@rule(
    id="secrets.mtproto-port-nonstandard",
    title="The MTProto proxy avoids the common ports 80 and 443",
    problem="The MTProto proxy listens on port 80 or 443",
    severity=Severity.LOW,
    rationale="Scanners and censors probe 80 and 443 first; the deployment guide puts the proxy on a "
    "non-standard port such as 8443.",
    remediation="MTG_PORT=8443",
    references=("guide:004 network security (use non-standard ports)",),
)
def mtproto_port_nonstandard(secrets: SecretsFacts) -> Outcome:
    ports = [s for s in secrets.proxy_settings if s.name in PORT_SETTINGS]
    if not ports:
        return not_applicable("no MTProto proxy port configured")
    common = [s for s in ports if s.value.strip() in ("80", "443")]
    if common:
        return failed(
            f"the proxy listens on a common port ({common[0].value})",
            *(
                s.effective.cite(
                    "a non-standard port",
                    wanted=Wanted(Relation.NONE_OF, ("80", "443")),
                    actual=f"{s.name} {s.value}",
                )
                for s in common
            ),
        )
    first = ports[0]
    return passed(f"the proxy uses port {first.value}", first.effective.cite())
