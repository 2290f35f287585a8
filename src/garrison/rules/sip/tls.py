"""SIP rules on Kamailio's TLS settings, judged with the one TLS policy (`garrison.data.tls`)."""

from __future__ import annotations

from garrison.data.tls import judge_cipher_list
from garrison.facts.placeholders import has_placeholder
from garrison.facts.sip import KamailioConfig, SipFacts, cipher_value
from garrison.model import Evidence, Outcome, Severity, failed, passed, unknown
from garrison.rules.registry import rule
from garrison.rules.sip.common import on_kamailio
from garrison.rules.wording import nothing_to_check, unique


@rule(
    id="sip.kamailio-tls-ciphers",
    title="Kamailio's TLS cipher lists enable no weak cipher family",
    problem="A Kamailio TLS cipher list enables a weak cipher family",
    severity=Severity.MEDIUM,
    rationale="RC4, 3DES, export, NULL and anonymous suites can be broken or give no authentication; "
    "SIP over TLS carries digest credentials, call metadata and SRTP keys.",
    remediation="cipher_list = ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305   (in each tls.cfg profile)",
    references=("guide:001 PCI-DSS compliance (strong cryptography)",),
)
def kamailio_tls_ciphers(sip: SipFacts) -> Outcome:
    return on_kamailio(sip, lambda config: _ciphers(sip, config))


def _ciphers(sip: SipFacts, config: KamailioConfig) -> Outcome:
    if config.module("tls") is None:
        return nothing_to_check("Kamailio loads no tls module")
    checked: list[Evidence] = []
    for name, setting in sip.tls_ciphers:
        value = cipher_value(name, setting)
        if has_placeholder(value.value):
            return unknown(f"{name} is a template placeholder", value.cite(actual="<placeholder>"))
        verdict = judge_cipher_list(value.value)
        if verdict.weak:
            weak = verdict.words or tuple(verdict.families)
            return failed(
                f"{name} enables weak suites: {', '.join(weak[:5])}",
                value.cite("no RC4/3DES/EXPORT/NULL/anonymous suites"),
            )
        checked.append(value.cite())
    return passed(
        "no weak cipher family is enabled" + ("" if checked else " (OpenSSL's default list)"),
        *unique(checked),
    )
