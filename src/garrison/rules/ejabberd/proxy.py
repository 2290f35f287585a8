"""ejabberd backends behind the local web server."""

from __future__ import annotations

from garrison.facts.ejabberd import EjabberdFacts, ProxyTargets
from garrison.facts.listeners import AddressScope, address_scope
from garrison.model import Evidence, Outcome, Severity, failed, passed
from garrison.rules.ejabberd.common import cite
from garrison.rules.expect import context
from garrison.rules.registry import rule
from garrison.rules.wording import agree, nothing_to_check, plural


@rule(
    id="ejabberd.proxied-listener-loopback",
    title="The ejabberd ports that nginx proxies to listen on loopback only",
    problem="An ejabberd port that nginx proxies to listens beyond loopback",
    severity=Severity.MEDIUM,
    rationale="A backend port nginx forwards to (registration, invites, uploads on 8444 and the like) needs "
    "no outside access; bound publicly it bypasses the proxy's TLS, rate limits and captcha.",
    remediation='port: 8444\nip: "127.0.0.1"',
    references=("guide:002 Step 5 Do not expose internal ports through nginx",),
)
def proxied_listener_loopback(ejabberd: EjabberdFacts, proxy: ProxyTargets) -> Outcome:
    if not proxy.source:
        return nothing_to_check("no web server configuration proxies to this host")
    bad: list[Evidence] = []
    checked = 0
    for item in ejabberd.listen:
        target = proxy.find(item.port) if item.port is not None else None
        if target is None:
            continue
        checked += 1
        if address_scope(item.ip) is not AddressScope.LOOPBACK:
            bad.append(cite(ejabberd, item.option("ip") or item.node, item.ip, "127.0.0.1"))
            bad.append(context(target.location.path, target.location.line, f"proxied to port {item.port}"))
    if bad:
        return failed("an ejabberd port behind nginx listens beyond loopback", *bad)
    if checked:
        verb = agree(checked, "listens", "listen")
        return passed(f"{plural(checked, 'proxied ejabberd port')} {verb} on loopback only")
    return nothing_to_check(f"{proxy.source} proxies to no ejabberd listener")
