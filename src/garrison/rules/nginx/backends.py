"""nginx backends: where proxy_pass and its siblings send requests, and whether TLS to them is verified."""

from __future__ import annotations

import ipaddress
import re

from garrison.facts.listeners import AddressScope, address_scope
from garrison.facts.nginx import Directive, Level, NginxFacts, Scope, directive_value
from garrison.model import Outcome, Severity
from garrison.rules.expect import context, equals
from garrison.rules.nginx.common import Label, Verdict, bad, check_value, default_label, judge, ok, setting
from garrison.rules.registry import rule
from garrison.rules.wording import listing

_PASS = ("proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass")


def _host_of(target: str) -> str:
    if target.startswith("unix:"):
        return target
    rest = target.split("://", 1)[1] if "://" in target else target
    rest = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    if rest.startswith("["):
        return rest[1:].split("]", 1)[0]
    return rest.rsplit(":", 1)[0] if rest.count(":") == 1 else rest


def redact_url(url: str) -> str:
    """Drop credentials from `scheme://user:password@host/...`."""
    return re.sub(r"(://)[^/@]*@", r"\1***@", url)


def _loopback(host: str) -> bool:
    if host.startswith("unix:") or address_scope(host) is AddressScope.LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _upstreams(nginx: NginxFacts) -> dict[str, tuple[Directive, ...]]:
    http = nginx.http()
    if http is None:
        return {}
    return {u.args[0]: u.own("server") for u in http.children(Level.UPSTREAM) if u.args}


@rule(
    id="nginx.proxy-pass-loopback",
    title="Nginx proxies only to backends on loopback or a Unix socket",
    problem="Nginx proxies to a backend over the network",
    severity=Severity.LOW,
    rationale="""A backend nginx reaches over a network address usually listens there for everyone too,
    bypassing nginx's TLS, headers and rate limits. Bind backends to 127.0.0.1 or a Unix socket.""",
    remediation="proxy_pass http://127.0.0.1:8444;   # and bind the backend to 127.0.0.1",
    references=("guide:002 step 5",),
)
def proxy_pass_loopback(nginx: NginxFacts) -> Outcome:
    upstreams = _upstreams(nginx)
    items: list[tuple[Label, Verdict]] = []
    seen: set[tuple[str, int | None]] = set()
    passing = {id(level) for name in _PASS for _s, level in nginx.levels_setting(name)}
    levels = [level for _s, level in nginx.levels() if id(level) in passing] if passing else []
    for level in levels:  # the levels that pass to a backend themselves, in file order
        for item in (i for name in _PASS for i in level.own(name)):
            key = (item.location.path, item.location.line)
            if key in seen or not item.args or "$" in item.args[0]:
                continue
            seen.add(key)
            host = _host_of(item.args[0])
            targets = (
                [_host_of(s.args[0]) for s in upstreams.get(host, ()) if s.args]
                if host in upstreams
                else [host]
            )
            remote = [h for h in targets if not _loopback(h)]
            where = directive_value(level, item).cite("127.0.0.1 or unix:", actual=redact_url(item.args[0]))
            verdict = bad(f"{item.name} to {listing(remote)}", where) if remote else ok()
            items.append((level.label, verdict))
    return judge(
        items,
        ("backend is reached over the network", "backends are reached over the network"),
        "all backends on loopback",
        empty="nginx proxies to no backend",
    )


#: The pass directives that can speak TLS to the backend: the URL scheme that does, and the directive that
#: verifies the backend's certificate then (off by default in every release).
_TLS_PASS = {
    "proxy_pass": ("https://", "proxy_ssl_verify"),
    "grpc_pass": ("grpcs://", "grpc_ssl_verify"),
    "uwsgi_pass": ("suwsgi://", "uwsgi_ssl_verify"),
}


def _tls_targets(nginx: NginxFacts) -> list[tuple[Scope, Directive, str]]:
    """Each TLS pass in file order: its level, the directive and the name of its verify directive."""
    setting_levels = {id(level) for name in _TLS_PASS for _s, level in nginx.levels_setting(name)}
    found: list[tuple[Scope, Directive, str]] = []
    seen: set[tuple[str, int | None]] = set()
    for _server, level in nginx.levels() if setting_levels else ():
        if id(level) not in setting_levels:
            continue
        for name, (scheme, verify) in _TLS_PASS.items():
            for item in level.own(name):
                key = (item.location.path, item.location.line)
                if key in seen or not item.args or not item.args[0].lower().startswith(scheme):
                    continue
                seen.add(key)
                found.append((level, item, verify))
    return found


@rule(
    id="nginx.proxy-ssl-verify",
    title="Nginx verifies the certificates of remote TLS backends",
    problem="Nginx sends requests to a remote TLS backend without verifying its certificate",
    severity=Severity.MEDIUM,
    rationale="""proxy_pass https:// (and grpcs://, suwsgi://) encrypts the hop to the backend but, unless
    proxy_ssl_verify is on, accepts any certificate: proxy_ssl_verify is off by default in every nginx
    release. Whoever can intercept the network path to a remote backend reads and changes the requests,
    cookies and credentials nginx forwards. Backends on loopback are not judged.""",
    remediation=(
        "proxy_ssl_verify on;\nproxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n"
        "proxy_ssl_server_name on;"
    ),
    references=("guide:002 step 5",),
)
def proxy_ssl_verify(nginx: NginxFacts) -> Outcome:
    upstreams = _upstreams(nginx)
    items: list[tuple[Label, Verdict]] = []
    for level, item, verify in _tls_targets(nginx):
        host = _host_of(item.args[0])
        members = upstreams.get(host)
        targets = [_host_of(s.args[0]) for s in members if s.args] if members is not None else [host]
        remote = [h for h in targets if "$" in h or not _loopback(h)]
        if not remote:
            items.append((level.label, ok()))
            continue
        val = setting(nginx, level, verify)
        verdict = check_value(
            val,
            lambda v: v.value[:1] == ("on",),
            f"{item.name} to {listing(remote, limit=3)} with {verify}",
            "on",
            equals("on"),
            by=default_label(nginx),
        )
        if not verdict.ok and not verdict.undecided and verdict.cite is not None:
            where = item.location
            frame = context(where.path, where.line, f"{item.name} {redact_url(item.args[0])}")
            verdict = bad(verdict.note, verdict.cite, frame)
        items.append((level.label, verdict))
    return judge(
        items,
        ("TLS backend is not verified", "TLS backends are not verified"),
        "every remote TLS backend's certificate is verified",
        empty="nginx passes to no remote TLS backend",
    )
