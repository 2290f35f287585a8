"""nginx cipher lists per TLS server block, judged with the TLS policy (`garrison.data.tls`; nginx 1.22.1)."""

from __future__ import annotations

from garrison.data.tls import SuiteWeakness, judge_cipher_list
from garrison.facts.nginx import NginxFacts, Server, absent_at, placeholder
from garrison.model import Outcome, Severity
from garrison.rules.expect import equals
from garrison.rules.nginx.common import (
    Value,
    Verdict,
    bad,
    legacy_protocols_enabled,
    ok,
    per_tls_server,
    setting,
    undecided,
)
from garrison.rules.registry import rule
from garrison.rules.wording import plural

_REF = ("guide:002 step 4",)


def _ciphers(nginx: NginxFacts, server: Server) -> Value:
    return setting(nginx, server.scope, "ssl_ciphers")


def _unjudged(nginx: NginxFacts, ciphers: Value, server: Server) -> Verdict | None:
    """The verdict without judging the list: undecided for a template placeholder, ok when neither TLSv1.2
    nor older is on (TLSv1.3 suites are configured apart); None when the list is to be judged."""
    marker = placeholder(ciphers)
    if marker:
        return undecided(f"ssl_ciphers is a template placeholder {marker}", ciphers.cite())
    return None if legacy_protocols_enabled(nginx, server.scope) else ok()


@rule(
    id="nginx.ssl-ciphers-weak",
    title="Nginx cipher list excludes weak algorithms",
    problem="Nginx's cipher list allows weak algorithms",
    severity=Severity.HIGH,
    rationale="""RC4, DES/3DES (Sweet32), NULL encryption, anonymous key exchange, export-grade and MD5 suites
    let an attacker read or alter traffic; CBC-mode suites (padding oracles, Lucky13) and SHA-1 MACs fall
    below Mozilla's intermediate list, which the guides' AEAD-only cipher lists follow.""",
    remediation=(
        "ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256;"
    ),
    references=_REF,
)
def ssl_ciphers_weak(nginx: NginxFacts) -> Outcome:
    def check(server: Server) -> Verdict:
        val = _ciphers(nginx, server)
        early = _unjudged(nginx, val, server)
        if early is not None:
            return early
        verdict = judge_cipher_list(val.shown)
        if verdict.families:
            return bad(
                f"weak suites allowed ({', '.join(sorted(verdict.families))})",
                val.cite("no RC4/3DES/NULL/EXPORT/MD5"),
            )
        # the shared policy's other shortfalls; forward secrecy is nginx.ssl-ciphers-forward-secrecy's
        shortfalls = verdict.shortfalls(skip=(SuiteWeakness.NO_FORWARD_SECRECY,))
        if shortfalls:
            return bad(
                f"suites below Mozilla's intermediate list allowed: {'; '.join(shortfalls)}",
                val.cite("AES-GCM or ChaCha20 suites only"),
            )
        return ok()

    return per_tls_server(
        nginx,
        check,
        ("TLS server allows weak ciphers", "TLS servers allow weak ciphers"),
        "no weak cipher families allowed",
    )


@rule(
    id="nginx.ssl-ciphers-forward-secrecy",
    title="Nginx offers only forward-secret key exchange",
    problem="Nginx offers key exchanges without forward secrecy",
    severity=Severity.MEDIUM,
    rationale="""Suites with static RSA key exchange let anyone who later obtains the private key decrypt
    recorded traffic. nginx's default HIGH:!aNULL:!MD5 still includes them (AES256-GCM-SHA384, ...).""",
    remediation="ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384;",
    references=_REF,
)
def ssl_ciphers_forward_secrecy(nginx: NginxFacts) -> Outcome:
    def check(server: Server) -> Verdict:
        val = _ciphers(nginx, server)
        early = _unjudged(nginx, val, server)
        if early is not None:
            return early
        verdict = judge_cipher_list(val.shown)
        if verdict.suites is None:
            return undecided(f"OpenSSL 3.0 selects no suite from {val.shown}", val.cite())
        static = [s.name for s in verdict.static]
        if static:
            shown = ", ".join(static[:4]) + (" ..." if len(static) > 4 else "")
            where = " (default)" if val.is_default else ""
            return bad(
                f"{plural(len(static), 'suite')} without forward secrecy{where}: {shown}",
                val.cite("ECDHE/DHE only"),
            )
        return ok()

    return per_tls_server(
        nginx,
        check,
        ("TLS server allows static-RSA suites", "TLS servers allow static-RSA suites"),
        "all suites are forward secret",
    )


@rule(
    id="nginx.ssl-prefer-server-ciphers",
    title="Nginx picks the cipher when its list mixes strong and weaker suites",
    problem="Nginx lets clients pick weaker suites from a mixed cipher list",
    severity=Severity.LOW,
    rationale="""With ssl_prefer_server_ciphers off (the default) the client chooses. That is right when every
    offered suite is an AEAD, forward-secret one (Mozilla intermediate); with CBC or static-RSA suites in the
    list, an old or downgraded client can pick the weaker suite.""",
    remediation="ssl_prefer_server_ciphers on;   # or offer only ECDHE/DHE AEAD suites",
    references=_REF,
)
def ssl_prefer_server_ciphers(nginx: NginxFacts) -> Outcome:
    def check(server: Server) -> Verdict:
        prefer = setting(nginx, server.scope, "ssl_prefer_server_ciphers")
        ciphers = _ciphers(nginx, server)
        if prefer.value[:1] == ("on",) or not legacy_protocols_enabled(nginx, server.scope):
            return ok()
        marker = placeholder(ciphers)
        if marker:
            return undecided(f"ssl_ciphers is a template placeholder {marker}", ciphers.cite())
        verdict = judge_cipher_list(ciphers.shown)
        suites, weaker = verdict.suites or (), verdict.weaker
        if weaker:
            return bad(
                f"client chooses among {plural(len(suites), 'suite')}, "
                f"{len(weaker)} of them CBC or static-RSA",
                prefer.cite("on", wanted=equals("on")),
            )
        return ok()

    return per_tls_server(
        nginx,
        check,
        ("TLS server lets clients pick weaker suites", "TLS servers let clients pick weaker suites"),
        "cipher choice is safe",
    )


@rule(
    id="nginx.ssl-dhparam",
    title="Nginx has its own DH parameters when DHE suites are offered",
    problem="Nginx offers DHE suites without its own DH parameters",
    severity=Severity.LOW,
    rationale="""DHE suites need DH parameters; without ssl_dhparam nginx 1.22 cannot use them at all, and a
    shared well-known group is a precomputation target. Generate a 4096-bit group once and reuse it.""",
    remediation=(
        "openssl dhparam -out /etc/ssl/certs/dhparam.pem 4096\nssl_dhparam /etc/ssl/certs/dhparam.pem;"
    ),
    references=(*_REF, "guide:003 ssl/tls configuration"),
)
def ssl_dhparam(nginx: NginxFacts) -> Outcome:
    def check(server: Server) -> Verdict:
        ciphers = _ciphers(nginx, server)
        if not legacy_protocols_enabled(nginx, server.scope) or server.scope.effective("ssl_dhparam"):
            return ok()
        marker = placeholder(ciphers)
        if marker:
            return undecided(f"ssl_ciphers is a template placeholder {marker}", ciphers.cite())
        dhe = judge_cipher_list(ciphers.shown).dhe
        if dhe:
            return bad(
                f"{plural(len(dhe), 'DHE suite')} offered without ssl_dhparam",
                absent_at(server.scope, "ssl_dhparam", "(unset)").cite("ssl_dhparam <4096-bit file>"),
            )
        return ok()

    return per_tls_server(
        nginx,
        check,
        ("TLS server offers DHE without DH parameters", "TLS servers offer DHE without DH parameters"),
        "DH parameters set",
    )
