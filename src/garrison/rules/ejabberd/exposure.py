"""ejabberd network exposure: web admin, HTTP API, MQTT, the 5280 listener, internal HTTP listeners,
ACME and API permissions."""

from __future__ import annotations

from garrison.facts.ejabberd import EjabberdFacts, EjListener, Kind, Node, defaults
from garrison.facts.listeners import AddressScope, address_scope
from garrison.model import Evidence, Outcome, Severity, failed, passed
from garrison.rules.ejabberd.common import (
    access_open,
    cite,
    http_listeners,
    read_bool,
    serves,
    spec_open,
)
from garrison.rules.registry import rule
from garrison.rules.wording import agree, listing, nothing_to_check


def _public(ejabberd: EjabberdFacts, items: list[EjListener], what: str, none: str) -> Outcome:
    """`none` says why there is nothing to check when no listener is concerned."""
    exposed = [i for i in items if address_scope(i.ip) is AddressScope.ALL]
    if exposed:
        return failed(
            f"{what} is served on all interfaces "
            f"({agree(len(exposed), 'port')} {listing(i.port for i in exposed)})",
            *(
                cite(ejabberd, i.option("ip") or i.node, i.ip, "an internal address or 127.0.0.1")
                for i in exposed
            ),
        )
    if items:
        return passed(
            f"{what} is bound to specific addresses", *(cite(ejabberd, i.node, i.ip) for i in items)
        )
    return nothing_to_check(none)


@rule(
    id="ejabberd.web-admin-not-public",
    title="The ejabberd web admin is not served on all interfaces",
    problem="The ejabberd web admin is served on all interfaces",
    severity=Severity.HIGH,
    rationale="The web admin controls the whole server; on a public interface it is one password away.",
    remediation='bind the listener serving /admin to an internal address:  ip: "127.0.0.1"',
    references=("guide:002 Step 6 Bind admin ports to internal IP only",),
)
def web_admin_not_public(ejabberd: EjabberdFacts) -> Outcome:
    items = [i for i in http_listeners(ejabberd) if serves(i, "ejabberd_web_admin", "web_admin")]
    return _public(ejabberd, items, "the web admin", "no listener serves the web admin")


@rule(
    id="ejabberd.http-api-not-public",
    title="The ejabberd HTTP API (mod_http_api) is not served on all interfaces",
    problem="The ejabberd HTTP API (mod_http_api) is served on all interfaces",
    severity=Severity.MEDIUM,
    rationale="mod_http_api runs administrative commands; exposing it widens the attack surface to every "
    "api_permissions mistake.",
    remediation='serve /api from a listener with  ip: "127.0.0.1"  (proxied if needed)',
    references=("guide:002 Step 6 Bind admin ports to internal IP only",),
)
def http_api_not_public(ejabberd: EjabberdFacts) -> Outcome:
    items = [i for i in http_listeners(ejabberd) if serves(i, "mod_http_api")]
    return _public(ejabberd, items, "mod_http_api", "no listener serves mod_http_api")


@rule(
    id="ejabberd.mqtt-disabled",
    title="The ejabberd MQTT broker is disabled unless needed",
    problem="The ejabberd MQTT broker is enabled",
    severity=Severity.MEDIUM,
    rationale="mod_mqtt adds a plaintext broker (port 1883) and its code to the attack surface.",
    remediation="remove mod_mqtt from modules and its listener from listen",
    references=("guide:002 Step 6 Disable unused modules and listeners",),
)
def mqtt_disabled(ejabberd: EjabberdFacts) -> Outcome:
    found: list[Evidence] = []
    module = ejabberd.module("mod_mqtt")
    if module is not None:
        found.append(cite(ejabberd, module, "mod_mqtt loaded", "removed"))
    for item in ejabberd.listen:
        if item.module == "mod_mqtt":
            found.append(cite(ejabberd, item.node, f"mod_mqtt listener on port {item.port}", "removed"))
    if found:
        return failed("the MQTT broker is enabled", *found)
    return passed("mod_mqtt is neither loaded nor listening")


@rule(
    id="ejabberd.port-5280-listener",
    title="The ejabberd port 5280 listener is not open on all interfaces",
    problem="The ejabberd port 5280 listener is open on all interfaces",
    severity=Severity.MEDIUM,
    rationale="Port 5280 carries the admin/ACME HTTP listener; it should be reachable from trusted hosts or "
    "localhost only, or removed when ACME is done elsewhere.",
    remediation='remove the 5280 listener, or bind it:  ip: "127.0.0.1"',
    references=("guide:002 Step 6 Disable unused modules and listeners", "guide:002 port table"),
)
def port_5280_listener(ejabberd: EjabberdFacts) -> Outcome:
    items = [i for i in ejabberd.listen if i.port == 5280]
    return _public(ejabberd, items, "the port 5280 listener", "no listener is configured on port 5280")


@rule(
    id="ejabberd.http-listener-loopback",
    title="The ejabberd plain-HTTP listeners (proxied by a web server) are bound to loopback",
    problem="An ejabberd plain-HTTP listener is reachable beyond loopback",
    severity=Severity.MEDIUM,
    rationale="A backend port meant to sit behind nginx (registration, invites, uploads on 8444 and the "
    "like) bypasses the proxy's TLS and rate limits when it listens publicly.",
    remediation='port: 8444\nip: "127.0.0.1"',
    references=("guide:002 Step 5 Do not expose internal ports through nginx",),
)
def http_listener_loopback(ejabberd: EjabberdFacts) -> Outcome:
    bad: list[Evidence] = []
    for item in http_listeners(ejabberd):
        tls = read_bool(ejabberd, item.option("tls"), "tls", False)
        if isinstance(tls, Outcome):
            return tls
        acme_only = bool(item.handlers) and all(m == "ejabberd_acme" for _, m in item.handlers)
        if tls or acme_only or item.port == 5280 or address_scope(item.ip) is AddressScope.LOOPBACK:
            continue
        bad.append(
            cite(
                ejabberd, item.option("ip") or item.node, f"{item.ip} port {item.port} (no TLS)", "127.0.0.1"
            )
        )
    if bad:
        return failed("a plain-HTTP ejabberd listener is reachable beyond loopback", *bad)
    if not http_listeners(ejabberd):
        return nothing_to_check("no ejabberd_http listener is configured")
    return passed("every plain-HTTP listener is on loopback, serves TLS, or only answers ACME challenges")


@rule(
    id="ejabberd.acme-challenge-listener",
    title="The ejabberd ACME client has a challenge listener",
    problem="The ejabberd ACME client has no challenge listener",
    severity=Severity.LOW,
    rationale="With acme auto on (the default) and no ejabberd_acme handler, certificate requests fail and "
    "certificates silently expire.",
    remediation="acme:\n  auto: false   (when certificates come from acme.sh/certbot), or serve "
    "/.well-known/acme-challenge: ejabberd_acme on port 80",
    references=("guide:002 Step 6 Disable unused modules and listeners",),
)
def acme_challenge_listener(ejabberd: EjabberdFacts) -> Outcome:
    acme = ejabberd.option("acme")
    auto_node = acme.get("auto") if acme is not None else None
    auto = read_bool(ejabberd, auto_node, "acme auto", defaults.ACME_AUTO)
    if isinstance(auto, Outcome):
        return auto
    if not auto:
        return passed("ACME auto-issuing is off", cite(ejabberd, auto_node, "false", key="acme.auto"))
    handlers = [i for i in ejabberd.listen if serves(i, "ejabberd_acme")]
    if handlers:
        return passed(
            "ACME challenges are served", *(cite(ejabberd, i.node, f"port {i.port}") for i in handlers)
        )
    return failed(
        "ACME auto is on but no listener serves ejabberd_acme",
        cite(
            ejabberd,
            auto_node or acme,
            "auto: true" + (" (default)" if auto_node is None else ""),
            "auto: false, or an ejabberd_acme handler",
            key="acme.auto",
        ),
    )


def _who_everyone(ejabberd: EjabberdFacts, who: Node | None) -> bool:
    if who is None:
        return False
    if who.kind == Kind.SCALAR:
        return who.text == "all"
    if who.kind == Kind.SEQ:
        return any(_who_everyone(ejabberd, item) for item in who.items)
    access = who.get("access")
    if access is not None:
        return (
            access_open(ejabberd, access.text)
            if access.kind == Kind.SCALAR and access.text
            else spec_open(access)
        )
    return False


@rule(
    id="ejabberd.api-permissions",
    title="The ejabberd API permissions grant no one every command over the network",
    problem="An ejabberd API permission group lets anyone run every command",
    severity=Severity.HIGH,
    rationale='An api_permissions group with `who: all` and `what: "*"` reachable from mod_http_api or '
    "XML-RPC gives any client full administration.",
    remediation="restrict the group:  from: [ejabberd_ctl]  or  who: {access: {allow: [{acl: admin}]}}",
    references=("guide:002 Step 6 Bind admin ports to internal IP only",),
)
def api_permissions(ejabberd: EjabberdFacts) -> Outcome:
    groups = ejabberd.option("api_permissions")
    for name, group in groups.pairs() if groups is not None else ():
        sources = group.get("from")
        local_only = sources is not None and set(sources.strings()) <= {"ejabberd_ctl"}
        what = group.get("what")
        everything = what is not None and "*" in what.strings()
        if everything and not local_only and _who_everyone(ejabberd, group.get("who")):
            return failed(
                f'api_permissions "{name}" lets anyone run every command',
                cite(ejabberd, group, "who: all, what: *", "who limited to admins or loopback"),
            )
    return passed("no API permission group opens every command to everyone")
