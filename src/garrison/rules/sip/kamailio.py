"""SIP rules on Kamailio's routing logic: flood protection, scanner blocking, version leaks."""

from __future__ import annotations

import re

from garrison.facts.placeholders import has_placeholder
from garrison.facts.sip import KamailioConfig, SipFacts, kamailio_ref, kamailio_value
from garrison.model import (
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Relation,
    Severity,
    Wanted,
    failed,
    passed,
    unknown,
)
from garrison.rules.expect import equals
from garrison.rules.registry import rule
from garrison.rules.sip.common import on_kamailio, switch_context

_VERSION = re.compile(r"\d+\.\d+")
_PIKE = 'loadmodule "pike.so"'
_PIKE_CHECK = "pike_check_req()"
_PRESENT = Wanted(Relation.PRESENT)
SCANNER_NAMES = ("sipvicious", "friendly-scanner", "friendly", "sipcli", "sip-scan", "sundayddr", "iWar")


@rule(
    id="sip.anti-flood",
    title="Kamailio rate-limits request floods (pike)",
    problem="Kamailio does not rate-limit request floods (pike)",
    severity=Severity.MEDIUM,
    rationale="SIP servers on the internet get registration and INVITE floods within hours; pike counts "
    "requests per source and lets the routing block ban flooding addresses before they reach auth or "
    "the database.",
    remediation='#!define WITH_ANTIFLOOD   (Debian\'s kamailio.cfg), i.e. loadmodule "pike.so" + '
    '"htable.so" and `if (!pike_check_req()) { $sht(ipban=>$si) = 1; exit; }` in request_route',
    references=("guide:001 monitoring & detection (dos_attack)",),
)
def anti_flood(sip: SipFacts) -> Outcome:
    return on_kamailio(sip, _pike)


def _pike(config: KamailioConfig) -> Outcome:
    module = config.module("pike")
    call = config.call("pike_check_req")
    if module is None:
        return failed(
            "Kamailio loads no pike module: request floods are not limited",
            _absent(
                config.path,
                _PIKE,
                "pike.so not loaded (WITH_ANTIFLOOD not defined)",
                'loadmodule "pike.so" and pike_check_req()',
            ),
            *switch_context(config, "WITH_ANTIFLOOD"),
        )
    if call is None:
        loaded = Evidence(module, "pike loaded, never checked", None, EvidenceRole.CONTEXT)
        return failed(
            "pike is loaded but pike_check_req() is never called in the routing logic",
            _absent(config.path, _PIKE_CHECK, "never called", _PIKE_CHECK),
            loaded,
        )
    ref = kamailio_ref(call.path, _PIKE_CHECK)
    return passed(
        "requests are checked with pike_check_req()",
        Evidence(call, _PIKE_CHECK, None, EvidenceRole.SETTING, ref),
        *switch_context(config, "WITH_ANTIFLOOD"),
    )


def _absent(path: str, key: str, actual: str, expected: str) -> Evidence:
    """A statement kamailio.cfg lacks, cited where it belongs (role DEFAULT, line None)."""
    ref = kamailio_ref(path, key)
    return Evidence(Location(path), actual, expected, EvidenceRole.DEFAULT, ref, None, _PRESENT)


@rule(
    id="sip.scanner-ua-blocking",
    title="Kamailio drops known SIP scanners by User-Agent",
    problem="Kamailio does not drop known SIP scanners by User-Agent",
    severity=Severity.LOW,
    rationale="sipvicious and friendly-scanner probe for extensions and weak passwords; dropping them "
    "silently costs nothing and hides the server from the laziest scans.",
    remediation='if($ua =~ "friendly-scanner|sipvicious|sipcli|VaxSIPUserAgent") { exit; }',
    references=("guide:001 intrusion detection (sipvicious)",),
)
def scanner_ua_blocking(sip: SipFacts) -> Outcome:
    return on_kamailio(sip, _ua_filter)


def _ua_filter(config: KamailioConfig) -> Outcome:
    for item in config.ua_filters:
        low = item.value.lower()
        if "sipvicious" in low or "friendly" in low:
            ref = kamailio_ref(item.location.path, "$ua")
            return passed(
                "known scanners are matched by User-Agent",
                Evidence(item.location, f'$ua =~ "{item.value}"', None, EvidenceRole.SETTING, ref),
            )
    return failed(
        "no User-Agent check for sipvicious or friendly-scanner in the routing logic",
        _absent(config.path, "$ua", "no scanner User-Agent filter", '$ua =~ "friendly-scanner|sipvicious"'),
    )


def _leak(config: KamailioConfig, header: str, switch: str | None) -> Outcome:
    if switch is not None:
        off = kamailio_value(config, switch)
        if not off.is_default and off.value.strip().lower() in ("no", "off", "0", "false"):
            return passed(f"{switch} is off", off.cite(actual=f"{switch}={off.value}"))
    item = kamailio_value(config, header)
    if not item.is_default and has_placeholder(item.value, env="none"):
        return unknown(f"{header} is an unrendered placeholder", item.cite(actual="placeholder"))
    if item.is_default:
        name = item.value.split(":", 1)[0]
        wanted = equals(f"{name}: SIP")
        return failed(
            f"the default {name} header names Kamailio's exact version",
            item.cite(f'{header}="{name}: SIP"', wanted=wanted),
        )
    if _VERSION.search(item.value):
        return failed(f"{header} carries a version number", item.cite("no version"))
    return passed(f"{header} carries no version", item.cite())


@rule(
    id="sip.server-header-version-leak",
    title="Kamailio's Server header does not reveal its version",
    problem="Kamailio's Server header reveals its version",
    severity=Severity.LOW,
    rationale="A version in every reply tells scanners exactly which known vulnerabilities to try.",
    remediation='server_signature=no   (or server_header="Server: SIP")',
)
def server_header_version_leak(sip: SipFacts) -> Outcome:
    return on_kamailio(sip, lambda config: _leak(config, "server_header", "server_signature"))


@rule(
    id="sip.user-agent-version-leak",
    title="Kamailio's User-Agent header does not reveal its version",
    problem="Kamailio's User-Agent header reveals its version",
    severity=Severity.LOW,
    rationale="Requests Kamailio sends itself (keepalives, transactions it originates) carry User-Agent; "
    "the default names the exact version to every peer.",
    remediation='user_agent_header="User-Agent: SIP"',
)
def user_agent_version_leak(sip: SipFacts) -> Outcome:
    return on_kamailio(sip, lambda config: _leak(config, "user_agent_header", None))


@rule(
    id="sip.kamailio-template-rendered",
    title="Kamailio's configuration has no unrendered placeholder where a number or address is needed",
    problem="Kamailio's configuration has an unrendered placeholder that Kamailio refuses",
    severity=Severity.HIGH,
    rationale="Kamailio's configuration parser stops at a `{{ var }}` or `${VAR}` left where a socket "
    "address or a number belongs (listen=, port=), so the server does not start from this file and "
    "whatever it should enforce is not running.",
    remediation="Render the template before installing it (listen=udp:192.0.2.10:5060), or quote text values",
    references=("kamailio -c",),
)
def kamailio_template_rendered(sip: SipFacts) -> Outcome:
    return on_kamailio(sip, _rendered)


def _rendered(config: KamailioConfig) -> Outcome:
    found = config.refused_templates
    if found:
        names = ", ".join(f"{name}=" for name, _ in found[:5])
        return failed(
            f"kamailio -c refuses {names}: an unrendered template placeholder",
            *(
                Evidence(
                    where,
                    f"{name}= placeholder",
                    "a rendered value",
                    EvidenceRole.SETTING,
                    kamailio_ref(where.path, name),
                )
                for name, where in found
            ),
        )
    return passed(
        "no unrendered placeholder where Kamailio needs a number or an address",
        Evidence(Location(config.path), "no placeholder", None, EvidenceRole.FILE),
    )
