"""nginx server-level hygiene: version disclosure, HTTP->HTTPS, rate limits, backends, directory listings."""

from __future__ import annotations

import re

from garrison.facts.listeners import AddressScope, address_scope
from garrison.facts.nginx import Level, NginxFacts, Scope, absent_at, directive_value
from garrison.model import Outcome, Severity, not_applicable
from garrison.rules.expect import context
from garrison.rules.nginx.common import (
    Label,
    Verdict,
    bad,
    check_flag,
    judge,
    ok,
)
from garrison.rules.registry import rule
from garrison.rules.wording import nothing_to_check


@rule(
    id="nginx.server-tokens-off",
    title="Nginx hides its version",
    problem="Nginx shows its version",
    severity=Severity.LOW,
    rationale="""nginx names its exact version in the Server header and on error pages by default, telling an
    attacker which published vulnerabilities apply.""",
    remediation="server_tokens off;   # in the http block",
    references=("guide:002 step 5",),
)
def server_tokens_off(nginx: NginxFacts) -> Outcome:
    http = nginx.http()
    if http is None:
        return not_applicable("nginx has no http block")
    levels = [level for _s, level in nginx.levels()] or [http]
    items: list[tuple[Label, Verdict]] = [
        (level.label, check_flag(nginx, level, "server_tokens", "off", "version shown"))
        for level in levels
        if level.kind is Level.SERVER or level.own("server_tokens")
    ]
    if not items:
        return nothing_to_check("nginx defines no server block")
    return judge(
        items,
        ("level shows the nginx version", "levels show the nginx version"),
        "server_tokens off everywhere",
    )


_REDIRECT_CODES = ("301", "302", "303", "307", "308")


def _redirects(scope: Scope) -> bool:
    """This level redirects, or an `if ($scheme ...)` or `location /` below it does (any depth: a stack)."""
    pending = [scope]
    while pending:
        level = pending.pop()
        if _redirects_here(level):
            return True
        for child in level.children(Level.LOCATION, Level.IF):  # the pair `nested()` keeps: one look
            if child.kind is Level.IF:
                if "$scheme" in " ".join(child.args):
                    pending.append(child)
            elif child.args in (("/",), ("=", "/")):
                pending.append(child)
    return False


def _redirects_here(scope: Scope) -> bool:
    for item in scope.own("return"):
        if item.args[:1] in (("444",), ("403",), ("404",)):
            return True  # drops or refuses plain-HTTP requests: nothing is served in clear text
        if item.args[:1] and item.args[0] in _REDIRECT_CODES and item.args[1:2] and _https(item.args[1]):
            return True
        if item.args[:1] and _https(item.args[0]):
            return True
    for item in scope.own("rewrite"):
        if len(item.args) >= 2 and _https(item.args[1]) and item.args[2:3] in (("permanent",), ("redirect",)):
            return True
    return False


def _https(url: str) -> bool:
    return url.lower().startswith("https://")


@rule(
    id="nginx.http-to-https-redirect",
    title="Nginx redirects plain HTTP to HTTPS",
    problem="Nginx serves content over plain HTTP instead of redirecting",
    severity=Severity.MEDIUM,
    rationale="""A site reachable over both HTTP and HTTPS serves some users in clear text; every plain-HTTP
    server should only redirect to HTTPS (or refuse). A public nginx with no TLS server at all serves everyone
    in clear text.""",
    remediation="server { listen 80 default_server; server_name _; return 301 https://$host$request_uri; }",
    references=("guide:002 step 5",),
)
def http_to_https_redirect(nginx: NginxFacts) -> Outcome:
    # no TLS server at all is no reason to pass: every site is then served in clear text (issue 9 item 2)
    no_tls = not nginx.tls_servers()
    items: list[tuple[Label, Verdict]] = []
    # a server redirects only through a level of its own with a `return` or `rewrite`
    redirecting = {id(s) for name in ("return", "rewrite") for s, _level in nginx.levels_setting(name)}
    for server in nginx.servers():
        plain = [
            s
            for s in server.listens
            if not s.ssl and not s.quic and address_scope(s.address) is not AddressScope.LOOPBACK
        ]
        if not plain:
            continue
        if id(server) in redirecting and _redirects(server.scope):
            items.append((server.label, ok()))
            continue
        spec = plain[0]
        listen = next((item for item in server.scope.own("listen") if item.location == spec.location), None)
        found = directive_value(server.scope, listen) if listen else absent_at(server.scope, "listen", "")
        where = found.cite(
            "return 301 https://$host$request_uri",
            actual=f"listen {spec.address}:{spec.port} serves content",
        )
        problem = "served in clear text: no server listens with TLS" if no_tls else "no redirect to HTTPS"
        items.append((server.label, bad(problem, where)))
    return judge(
        items,
        ("plain-HTTP server does not redirect to HTTPS", "plain-HTTP servers do not redirect to HTTPS"),
        "plain HTTP only redirects",
        empty="no server listens on plain HTTP beyond loopback",
    )


_SENSITIVE = re.compile(
    r"(?<![a-z0-9])(register|registration|signup|sign-up|sign_up|invites?|login|signin|sign-in|admin|wp-admin|"
    r"wp-login\.php|api|auth|oauth2?|password|reset|token)(?![a-z0-9])",
    re.IGNORECASE,
)


def _sensitive(level: Scope) -> bool:
    if level.kind is not Level.LOCATION or not level.args or not _SENSITIVE.search(level.args[-1]):
        return False
    if level.own("deny") and any(d.args == ("all",) for d in level.own("deny")):
        return False
    return not any(r.args[:1] in (("403",), ("404",), ("444",)) for r in level.own("return"))


@rule(
    id="nginx.limit-req-sensitive",
    title="Nginx rate-limits login, registration, invite, admin and API locations",
    problem="A login, registration, invite, admin or API location is not rate-limited",
    severity=Severity.MEDIUM,
    rationale="""Registration, invite, login and API endpoints are what bots hammer (account creation,
    password guessing); a limit_req in nginx stops them before the application pays for each request.""",
    remediation=(
        "limit_req_zone $binary_remote_addr zone=invites:10m rate=20r/m;   # http block\n"
        "location /invites/ { limit_req zone=invites burst=20 nodelay; limit_req_status 429; ... }"
    ),
    references=("guide:002 step 5",),
)
def limit_req_sensitive(nginx: NginxFacts) -> Outcome:
    items: list[tuple[str, Verdict]] = []
    for server, level in nginx.levels():
        if not _sensitive(level):
            continue
        label = f"{server.label()} {level.label()}"
        if level.effective("limit_req"):
            items.append((label, ok()))
            continue
        block = context(level.location.path, level.location.line, level.label())
        missing = absent_at(level, "limit_req", "").cite("limit_req zone=...", actual="no limit_req")
        items.append((label, bad("not rate-limited", missing, frame=block)))
    return judge(
        items,
        ("sensitive location has no limit_req", "sensitive locations have no limit_req"),
        "sensitive locations are rate-limited",
        empty="no login, registration, invite, admin or API location",
    )


@rule(
    id="nginx.autoindex-off",
    title="Nginx does not list directories",
    problem="Nginx lists directories",
    severity=Severity.MEDIUM,
    rationale="autoindex on publishes the names of every file in a directory, including forgotten backups.",
    remediation="autoindex off;",
)
def autoindex_off(nginx: NginxFacts) -> Outcome:
    http = nginx.http()
    levels = [http] if http is not None and http.own("autoindex") else []
    levels += [level for _s, level in nginx.levels_setting("autoindex")]  # the levels with their own
    items: list[tuple[Label, Verdict]] = [
        (level.label, check_flag(nginx, level, "autoindex", "off", "directory listing on"))
        for level in levels
    ]
    return judge(items, ("level lists directories", "levels list directories"), "no directory listings")
