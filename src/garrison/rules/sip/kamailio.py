"""SIP rules on Kamailio's routing logic: flood protection, scanner blocking, version leaks."""

from __future__ import annotations

import re

from garrison.facts.placeholders import has_placeholder
from garrison.facts.sip import defaults
from garrison.facts.sip.model import KamailioConfig, SipFacts
from garrison.model import Outcome, Severity, evidence, failed, not_applicable, passed, unknown
from garrison.rules.registry import rule

_VERSION = re.compile(r"\d+\.\d+")
SCANNER_NAMES = ("sipvicious", "friendly-scanner", "friendly", "sipcli", "sip-scan", "sundayddr", "iWar")


def _config(sip: SipFacts) -> KamailioConfig | Outcome:
    if sip.kamailio is None:
        return not_applicable("no Kamailio configuration found")
    return sip.kamailio


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
    config = _config(sip)
    if isinstance(config, Outcome):
        return config
    module = config.module("pike")
    call = config.call("pike_check_req")
    if module is None:
        return failed(
            "Kamailio loads no pike module: request floods are not limited",
            evidence(
                config.path,
                None,
                "pike.so not loaded (WITH_ANTIFLOOD not defined)",
                'loadmodule "pike.so" and pike_check_req()',
            ),
        )
    if call is None:
        return failed(
            "pike is loaded but pike_check_req() is never called in the routing logic",
            evidence(module.path, module.line, "pike loaded, never checked", "pike_check_req()"),
        )
    return passed(
        "requests are checked with pike_check_req()", evidence(call.path, call.line, "pike_check_req()")
    )


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
    config = _config(sip)
    if isinstance(config, Outcome):
        return config
    for item in config.ua_filters:
        low = item.value.lower()
        if "sipvicious" in low or "friendly" in low:
            return passed(
                "known scanners are matched by User-Agent",
                evidence(item.location.path, item.location.line, f'$ua =~ "{item.value}"'),
            )
    return failed(
        "no User-Agent check for sipvicious or friendly-scanner in the routing logic",
        evidence(config.path, None, "no scanner User-Agent filter", '$ua =~ "friendly-scanner|sipvicious"'),
    )


def _leak(config: KamailioConfig, header: str, default: str, switch: str | None) -> Outcome:
    if switch is not None:
        item = config.setting(switch)
        if item is not None and item.value.strip().lower() in ("no", "off", "0", "false"):
            return passed(
                f"{switch} is off", evidence(item.location.path, item.location.line, f"{switch}={item.value}")
            )
    item = config.setting(header)
    if item is not None and has_placeholder(item.value, env="none"):
        return unknown(
            f"{header} is an unrendered placeholder",
            evidence(item.location.path, item.location.line, "placeholder"),
        )
    if item is None:
        return failed(
            f"the default {default.split(':', 1)[0]} header names Kamailio's exact version",
            evidence(config.path, None, default, f'{header}="{default.split(":", 1)[0]}: SIP"'),
        )
    if _VERSION.search(item.value):
        return failed(
            f"{header} carries a version number",
            evidence(item.location.path, item.location.line, item.value, "no version"),
        )
    return passed(
        f"{header} carries no version", evidence(item.location.path, item.location.line, item.value)
    )


@rule(
    id="sip.server-header-version-leak",
    title="Kamailio's Server header does not reveal its version",
    problem="Kamailio's Server header reveals its version",
    severity=Severity.LOW,
    rationale="A version in every reply tells scanners exactly which known vulnerabilities to try.",
    remediation='server_signature=no   (or server_header="Server: SIP")',
)
def server_header_version_leak(sip: SipFacts) -> Outcome:
    config = _config(sip)
    if isinstance(config, Outcome):
        return config
    return _leak(config, "server_header", defaults.KAMAILIO_SERVER_HEADER, "server_signature")


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
    config = _config(sip)
    if isinstance(config, Outcome):
        return config
    return _leak(config, "user_agent_header", defaults.KAMAILIO_USER_AGENT, None)
