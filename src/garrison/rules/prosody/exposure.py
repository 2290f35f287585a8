"""Prosody network exposure: HTTP endpoints, the telnet console, external components."""

from __future__ import annotations

from garrison.facts.prosody import HostKind, LuaTable, LuaValue, ProsodyFacts, defaults
from garrison.model import Evidence, Outcome, Severity, failed, passed
from garrison.rules.expect import Effective, equals
from garrison.rules.prosody.common import at_entry, checked, cite
from garrison.rules.registry import rule
from garrison.rules.wording import listing, nothing_to_check


def _public(value: Effective[LuaValue], public: tuple[str, ...]) -> Evidence:
    """The interfaces option that listens on `public` addresses, wanting loopback only."""
    return cite(value, ", ".join(public), "127.0.0.1, ::1", wanted=equals('{ "127.0.0.1", "::1" }'))


def _consider_secure(prosody: ProsodyFacts, option: str, module: str, default: bool) -> Outcome:
    item = prosody.effective(option, default)
    wrong = checked((item,), option, bool, "true or false")
    if wrong is not None:
        return wrong
    if item.value is False:
        return passed(f"{option} is false", cite(item))
    scope = prosody.any_module(module)
    if scope is None:
        return passed(f"{option} is true but mod_{module} is not loaded", cite(item))
    bound = prosody.bound("http_interfaces", defaults.ALL_INTERFACES)
    public = bound.public
    if not public or bound.value is None:
        return passed(
            f"{option} is true and plain HTTP listens on loopback only (behind a TLS proxy)", cite(item)
        )
    return failed(
        f"{option} is true while plain HTTP (5280) listens on {', '.join(public)}: "
        "logins may travel in clear",
        cite(
            item,
            expected="false, or http_interfaces on loopback behind a TLS proxy",
            wanted=equals("false"),
        ),
        _public(bound.value, bound.public),
    )


@rule(
    id="prosody.consider-websocket-secure",
    title="Prosody does not trust plain WebSocket connections as secure",
    problem="Prosody trusts plain WebSocket connections as secure",
    severity=Severity.MEDIUM,
    rationale="consider_websocket_secure lets clients authenticate over plain HTTP; safe only behind a local "
    "TLS-terminating proxy.",
    remediation='consider_websocket_secure = false   (or http_interfaces = { "127.0.0.1", "::1" } '
    "behind a proxy)",
    references=("guide:000 Transport Layer Security",),
)
def consider_websocket_secure(prosody: ProsodyFacts) -> Outcome:
    return _consider_secure(
        prosody, "consider_websocket_secure", "websocket", defaults.CONSIDER_WEBSOCKET_SECURE
    )


@rule(
    id="prosody.consider-bosh-secure",
    title="Prosody does not trust plain BOSH connections as secure",
    problem="Prosody trusts plain BOSH connections as secure",
    severity=Severity.MEDIUM,
    rationale="consider_bosh_secure lets clients authenticate over plain HTTP; safe only behind a local "
    "TLS-terminating proxy.",
    remediation='consider_bosh_secure = false   (or http_interfaces = { "127.0.0.1", "::1" } behind a proxy)',
    references=("guide:000 Transport Layer Security",),
)
def consider_bosh_secure(prosody: ProsodyFacts) -> Outcome:
    return _consider_secure(prosody, "consider_bosh_secure", "bosh", defaults.CONSIDER_BOSH_SECURE)


@rule(
    id="prosody.admin-telnet",
    title="Prosody's unauthenticated telnet console is not loaded",
    problem="Prosody's unauthenticated telnet console is loaded",
    severity=Severity.MEDIUM,
    rationale="mod_admin_telnet gives full server control to anyone who can connect to port 5582, with no "
    "password; every local user can. The admin_shell (unix socket, root/prosody only) replaces it.",
    remediation='remove "admin_telnet" from modules_enabled; use "admin_shell" and prosodyctl shell',
    references=("guide:000 Access Control",),
)
def admin_telnet(prosody: ProsodyFacts) -> Outcome:
    scope = prosody.any_module("admin_telnet")
    if scope is None:
        return passed("mod_admin_telnet is not loaded")
    modules = prosody.effective("modules_enabled", None, scope)
    listed = modules.value
    line = None
    if isinstance(listed, LuaTable):
        line = listed.item_line("admin_telnet") or listed.item_line("mod_admin_telnet")
    return failed(
        "mod_admin_telnet is loaded: an unauthenticated admin console listens on port 5582",
        cite(at_entry(modules, line), "admin_telnet", "admin_shell"),
    )


@rule(
    id="prosody.console-interfaces",
    title="Prosody's telnet console listens on loopback only",
    problem="Prosody's telnet console listens beyond loopback",
    severity=Severity.HIGH,
    rationale="The telnet console has no authentication: on a public interface anyone can run admin "
    "commands.",
    remediation='console_interfaces = { "127.0.0.1", "::1" }   (better: drop admin_telnet)',
    references=("guide:000 Access Control",),
)
def console_interfaces(prosody: ProsodyFacts) -> Outcome:
    if prosody.any_module("admin_telnet") is None:
        return nothing_to_check("mod_admin_telnet is not loaded, so there is no console port")
    bound = prosody.bound("console_interfaces")
    if bound.public and bound.value is not None:
        return failed(
            f"the telnet console listens on {', '.join(bound.public)}", _public(bound.value, bound.public)
        )
    return passed("the telnet console listens on loopback only")


@rule(
    id="prosody.component-interfaces",
    title="Prosody's external component port listens on loopback only",
    problem="Prosody's external component port listens beyond loopback",
    severity=Severity.HIGH,
    rationale="External components authenticate with a shared secret only; a public port 5347 invites "
    "brute force and lets a component impersonate a whole domain.",
    remediation='component_interfaces = { "127.0.0.1", "::1" }',
    references=("guide:002 port table",),
)
def component_interfaces(prosody: ProsodyFacts) -> Outcome:
    external = [
        h
        for h in prosody.hosts
        if h.kind is HostKind.COMPONENT and h.module in (None, "component") and h.enabled
    ]
    if not external:
        return nothing_to_check("no external component is configured")
    bound = prosody.bound("component_interfaces")
    if bound.value is None:
        return passed("component port 5347 listens on loopback (default)")
    if bound.public:
        return failed(
            f"the external component port listens on {', '.join(bound.public)}",
            _public(bound.value, bound.public),
        )
    return passed("the external component port listens on loopback only", cite(bound.value, "loopback"))


def _admin_modules(prosody: ProsodyFacts) -> list[str]:
    found: set[str] = set()
    for scope in prosody.scopes():
        found |= prosody.modules(scope) & defaults.HTTP_ADMIN_MODULES
    if "http_openmetrics" in found:
        cidr = prosody.settings.get("openmetrics_allow_cidr")
        ips = prosody.settings.get("openmetrics_allow_ips")
        open_ips = isinstance(ips and ips.value, LuaTable) and any(
            i not in ("127.0.0.1", "::1")
            for i in ips.value.strings()  # type: ignore[union-attr]
        )
        if cidr is None and not open_ips:
            found.discard("http_openmetrics")  # 0.12 serves metrics to loopback addresses only by default
    return sorted(found)


@rule(
    id="prosody.http-admin-endpoints",
    title="Prosody's HTTP admin endpoints are not served on public interfaces",
    problem="Prosody's HTTP admin endpoints are served on public interfaces",
    severity=Severity.HIGH,
    rationale="Web admin, admin APIs and open metrics on all interfaces expose administration to the "
    "internet, protected by a password at best.",
    remediation='http_interfaces = { "127.0.0.1", "::1" }\nhttps_interfaces = { "127.0.0.1", "::1" }',
    references=("guide:000 Access Control", "guide:002 Bind admin ports to internal IP only"),
)
def http_admin_endpoints(prosody: ProsodyFacts) -> Outcome:
    modules = _admin_modules(prosody)
    if not modules:
        return nothing_to_check("no HTTP admin module is loaded")
    exposed = []
    for option in ("http_interfaces", "https_interfaces"):
        bound = prosody.bound(option, defaults.ALL_INTERFACES)
        if bound.public and bound.value is not None:
            exposed.append(cite(bound.value, f"{option}: {', '.join(bound.public)}", "loopback only"))
    if exposed:
        return failed(f"HTTP admin modules ({', '.join(modules)}) are served on public interfaces", *exposed)
    return passed(f"HTTP admin modules ({', '.join(modules)}) listen on loopback only")


def _any_origin(value: LuaValue) -> bool:
    """cross_domain_*: true, "*" or a list holding "*" or true allows every web origin (0.11)."""
    if value is True or value == "*":
        return True
    return isinstance(value, LuaTable) and any(item is True or item == "*" for item in value.items)


@rule(
    id="prosody.cross-domain",
    title="Prosody's BOSH and WebSocket endpoints do not let every web origin in",
    problem="Prosody lets scripts from any web origin use its BOSH or WebSocket endpoint",
    severity=Severity.MEDIUM,
    rationale='cross_domain_bosh / cross_domain_websocket = true (or "*") let any web page drive a '
    "visitor's browser to open XMPP sessions on this server; Prosody 0.12 and later ignore both options "
    "(mod_http's CORS settings decide), so there they only mislead.",
    remediation='cross_domain_bosh = { "https://chat.example.org" }   (0.12 and later: remove it)',
    references=("guide:000 Access Control",),
)
def cross_domain(prosody: ProsodyFacts) -> Outcome:
    bad: list[Evidence] = []
    ignored: list[str] = []
    for option, module in (("cross_domain_bosh", "bosh"), ("cross_domain_websocket", "websocket")):
        if prosody.any_module(module) is None:
            continue
        for item in prosody.per_scope(option, None):
            if item.setting is None or not _any_origin(item.value):
                continue
            if not prosody.release.cross_domain_honoured:
                ignored.append(option)
                continue
            bad.append(cite(item, "any origin", "a list of trusted origins"))
    if bad:
        return failed(f"{prosody.version} lets every web origin use BOSH or WebSocket", *bad)
    if ignored:
        return passed(
            f"{listing(dict.fromkeys(ignored))} allows any origin, but {prosody.version} ignores it "
            "(the option never applies there)"
        )
    return passed("BOSH and WebSocket allow no cross-domain origin by these options")
