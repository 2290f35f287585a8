"""nginx TLS settings, judged per TLS server block with the values that apply there (the compiled defaults
of the installed release, else of 1.22.1)."""

from __future__ import annotations

from garrison.data.tls import Protocol
from garrison.facts.nginx import NginxFacts, Server
from garrison.model import Outcome, Severity
from garrison.rules.expect import equals
from garrison.rules.nginx.common import (
    Verdict,
    check_flag,
    check_value,
    default_label,
    per_tls_server,
    protocols,
    setting,
)
from garrison.rules.registry import rule

#: What the TLS policy fails, as ssl_protocols spells it (SSLv2 SSLv3 TLSv1 TLSv1.1).
_OLD = frozenset(p.value for p in Protocol if p.verdict.fails)
_REF = ("guide:002 step 4",)


@rule(
    id="nginx.ssl-protocols",
    title="Nginx offers only TLS 1.2 and 1.3",
    problem="Nginx offers TLS 1.1 or older",
    severity=Severity.HIGH,
    rationale="""SSLv3, TLS 1.0 and 1.1 are broken or deprecated (POODLE, BEAST, RFC 8996). nginx before
    1.27.3 (so every Debian and Ubuntu release to date) enables TLSv1 and TLSv1.1 by default, so an unset
    ssl_protocols offers them.""",
    remediation="ssl_protocols TLSv1.2 TLSv1.3;",
    references=_REF,
    tags=("pci-dss:4.2.1",),
)
def ssl_protocols(nginx: NginxFacts) -> Outcome:
    def check(server: Server) -> Verdict:
        return check_value(
            protocols(nginx, server.scope),
            lambda v: not any(p in _OLD for p in v.value),
            "legacy protocols enabled",
            "TLSv1.2 TLSv1.3",
            equals("TLSv1.2", "TLSv1.3"),
            by=default_label(nginx),
        )

    return per_tls_server(
        nginx,
        check,
        ("TLS server offers legacy protocols", "TLS servers offer legacy protocols"),
        "only TLS 1.2/1.3 offered",
    )


@rule(
    id="nginx.ssl-tls13",
    title="Nginx offers TLS 1.3",
    problem="Nginx does not offer TLS 1.3",
    severity=Severity.LOW,
    rationale="""TLS 1.3 drops every legacy algorithm, always has forward secrecy and a faster handshake; the
    guides ask for it with TLS 1.2 only as the fallback. nginx enables it by default only from 1.23.4 on:
    nginx 1.18 (Ubuntu 22.04) and 1.22 (Debian 12) leave it out unless ssl_protocols names it.""",
    remediation="ssl_protocols TLSv1.2 TLSv1.3;",
    references=(*_REF, "guide:003 ssl/tls configuration"),
)
def ssl_tls13(nginx: NginxFacts) -> Outcome:
    def check(server: Server) -> Verdict:
        val = protocols(nginx, server.scope)
        return check_value(
            val, lambda v: "TLSv1.3" in v.value, "no TLSv1.3", "TLSv1.3", by=default_label(nginx)
        )

    return per_tls_server(
        nginx, check, ("TLS server lacks TLS 1.3", "TLS servers lack TLS 1.3"), "TLS 1.3 offered"
    )


@rule(
    id="nginx.ssl-session-tickets-off",
    title="Nginx TLS session tickets are off",
    problem="Nginx TLS session tickets are on",
    severity=Severity.MEDIUM,
    rationale="""Session tickets are encrypted with a key nginx keeps in memory for its whole run (unless
    rotated by hand); whoever obtains it can decrypt past sessions, defeating forward secrecy. nginx enables
    them by default.""",
    remediation="ssl_session_tickets off;",
    references=_REF,
)
def ssl_session_tickets_off(nginx: NginxFacts) -> Outcome:
    def check(server: Server) -> Verdict:
        return check_flag(nginx, server.scope, "ssl_session_tickets", "off", "session tickets enabled")

    return per_tls_server(
        nginx,
        check,
        ("TLS server uses session tickets", "TLS servers use session tickets"),
        "session tickets are off",
    )


_STRONG_CURVES = {
    "auto",
    "X25519",
    "x25519",
    "X448",
    "x448",
    "prime256v1",
    "P-256",
    "secp384r1",
    "P-384",
    "secp521r1",
    "P-521",
}


@rule(
    id="nginx.ssl-ecdh-curve",
    title="Nginx ECDHE curves are strong",
    problem="Nginx allows weak or unknown ECDHE curves",
    severity=Severity.MEDIUM,
    rationale="""Curves under 256 bits (secp192r1, secp224r1, brainpool 160/192, ...) give an ECDHE
    exchange less strength than the rest of the configuration. nginx's default `auto` lets OpenSSL 3.0
    choose X25519, P-256, X448, P-521 and P-384.""",
    remediation="ssl_ecdh_curve X25519:secp384r1:prime256v1;",
    references=_REF,
)
def ssl_ecdh_curve(nginx: NginxFacts) -> Outcome:
    def check(server: Server) -> Verdict:
        val = setting(nginx, server.scope, "ssl_ecdh_curve")
        curves = tuple(c for arg in val.value for c in arg.split(":") if c)
        return check_value(
            val,
            lambda v: all(c in _STRONG_CURVES for c in curves),
            "weak or unknown curve",
            "X25519:secp384r1",
            by=default_label(nginx),
        )

    return per_tls_server(
        nginx,
        check,
        ("TLS server allows weak curves", "TLS servers allow weak curves"),
        "ECDHE curves are strong",
    )


@rule(
    id="nginx.ssl-stapling",
    title="Nginx staples OCSP responses",
    problem="Nginx does not staple verified OCSP responses",
    severity=Severity.LOW,
    rationale="""With OCSP stapling nginx hands clients a fresh revocation status with the handshake, so
    clients need not ask the CA (privacy, latency) and a revoked certificate is noticed. Off by default.""",
    remediation=(
        "ssl_stapling on;\nssl_stapling_verify on;\n"
        "ssl_trusted_certificate /etc/letsencrypt/live/<name>/chain.pem;"
    ),
    references=("guide:000 certificate security",),
)
def ssl_stapling(nginx: NginxFacts) -> Outcome:
    def check(server: Server) -> Verdict:
        verdict = check_flag(nginx, server.scope, "ssl_stapling", "on", "OCSP stapling off")
        if not verdict.ok:
            return verdict
        return check_flag(nginx, server.scope, "ssl_stapling_verify", "on", "stapled responses not verified")

    return per_tls_server(
        nginx,
        check,
        ("TLS server does not staple OCSP", "TLS servers do not staple OCSP"),
        "OCSP stapling on and verified",
    )
