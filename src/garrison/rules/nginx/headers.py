"""nginx security response headers (add_header), judged with nginx's inheritance rule.

A header counts for a TLS server when the server level sends it (its own add_header lines, or the http level's
when the server has none), or when every location below it does. Values are compared case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from garrison.facts.nginx import (
    Directive,
    Level,
    NginxFacts,
    Scope,
    Server,
    absent_at,
    directive_value,
    placeholder,
)
from garrison.model import Outcome, Relation, Severity, Status, Wanted
from garrison.rules.nginx.common import Verdict, bad, judge, ok, per_tls_server, undecided
from garrison.rules.registry import rule

SECURITY_HEADERS = (
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "permissions-policy",
    "content-security-policy",
)
_REF = ("guide:002 step 5",)
_ABSENT = Wanted(Relation.ABSENT)


def headers(scope: Scope) -> dict[str, Directive]:
    """Effective add_header at this level: lower-case name -> the (last) directive."""
    return {d.args[0].lower(): d for d in scope.effective("add_header") if len(d.args) >= 2}


def _sent(server: Server, name: str) -> tuple[tuple[Scope, Directive], ...]:
    """The directives sending `name` for this server (with their level): the server level's, else every
    location's, else ()."""
    here = headers(server.scope).get(name)
    if here is not None:
        return ((server.scope, here),)
    levels = [s for s in server.scope.nested() if s.kind is Level.LOCATION]
    found = [(level, headers(level).get(name)) for level in levels]
    if levels and all(item for _level, item in found):
        return tuple((level, item) for level, item in found if item is not None)
    return ()


def header_rule(name: str, good: Callable[[str], bool], expected: str) -> Callable[[NginxFacts], Outcome]:
    def check_server(server: Server) -> Verdict:
        sent = _sent(server, name)
        if not sent:
            missing = absent_at(server.scope, "add_header", "(not sent)")
            return bad(f"no {name} header", missing.cite(expected, wanted=Wanted(Relation.PRESENT)))
        for level, item in sent:
            text = " ".join(item.args[1:2])
            found = directive_value(level, item)
            where = found.cite(expected, actual=text)
            marker = placeholder(found)
            if marker:
                return undecided(f"{name} value is a template placeholder {marker}", where)
            if not good(text):
                return bad(f"{name} is {text}", where)
        return ok()

    def check(nginx: NginxFacts) -> Outcome:
        subject = (f"TLS server lacks a sound {name}", f"TLS servers lack a sound {name}")
        return per_tls_server(nginx, check_server, subject, f"{name} sent")

    return check


def _max_age(text: str) -> bool:
    found = re.search(r"max-age\s*=\s*\"?(\d+)", text, re.IGNORECASE)
    return found is not None and int(found.group(1)) >= 31536000


@rule(
    id="nginx.hsts",
    title="Nginx sends Strict-Transport-Security for at least a year",
    problem="Nginx does not send Strict-Transport-Security for at least a year",
    severity=Severity.MEDIUM,
    rationale="""Without HSTS a browser's first plain-HTTP request can be intercepted and the user kept
    on HTTP (SSL stripping). A max-age of one year (31536000 s) or more is what preload lists demand.""",
    remediation='add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;',
    references=_REF,
)
def hsts(nginx: NginxFacts) -> Outcome:
    return header_rule("strict-transport-security", _max_age, "max-age>=31536000")(nginx)


@rule(
    id="nginx.x-content-type-options",
    title="Nginx sends X-Content-Type-Options: nosniff",
    problem="Nginx does not send X-Content-Type-Options: nosniff",
    severity=Severity.LOW,
    rationale="Stops browsers from MIME-sniffing a response into an executable type (script, stylesheet).",
    remediation='add_header X-Content-Type-Options "nosniff" always;',
    references=_REF,
)
def x_content_type_options(nginx: NginxFacts) -> Outcome:
    return header_rule("x-content-type-options", lambda v: v.strip().lower() == "nosniff", "nosniff")(nginx)


@rule(
    id="nginx.x-frame-options",
    title="Nginx forbids framing by other sites",
    problem="Nginx lets other sites frame its pages",
    severity=Severity.LOW,
    rationale="Pages that other sites may frame are open to clickjacking.",
    remediation='add_header X-Frame-Options "SAMEORIGIN" always;',
    references=_REF,
)
def x_frame_options(nginx: NginxFacts) -> Outcome:
    base = header_rule("x-frame-options", lambda v: v.strip().upper() in ("DENY", "SAMEORIGIN"), "SAMEORIGIN")
    outcome = base(nginx)
    if outcome.status is not Status.FAIL:
        return outcome
    csp = header_rule("content-security-policy", lambda v: "frame-ancestors" in v.lower(), "frame-ancestors")
    alternative = csp(nginx)
    return alternative if alternative.status is Status.PASS else outcome


@rule(
    id="nginx.referrer-policy",
    title="Nginx sends a Referrer-Policy",
    problem="Nginx sends no safe Referrer-Policy",
    severity=Severity.LOW,
    rationale="Without a policy, full URLs (tokens and paths) leak to other sites in the Referer header.",
    remediation='add_header Referrer-Policy "no-referrer" always;',
    references=_REF,
)
def referrer_policy(nginx: NginxFacts) -> Outcome:
    unsafe = ("unsafe-url", "no-referrer-when-downgrade")
    return header_rule("referrer-policy", lambda v: v.strip().lower() not in unsafe, "no-referrer")(nginx)


@rule(
    id="nginx.permissions-policy",
    title="Nginx sends a Permissions-Policy",
    problem="Nginx sends no Permissions-Policy",
    severity=Severity.LOW,
    rationale="A Permissions-Policy turns off browser features (camera, geolocation) the site never uses.",
    remediation='add_header Permissions-Policy "interest-cohort=()" always;',
    references=_REF,
)
def permissions_policy(nginx: NginxFacts) -> Outcome:
    return header_rule("permissions-policy", lambda v: bool(v.strip()), "a policy")(nginx)


@rule(
    id="nginx.content-security-policy",
    title="Nginx sends a Content-Security-Policy",
    problem="Nginx sends no Content-Security-Policy",
    severity=Severity.LOW,
    rationale="A CSP limits where scripts and other content may load from: the real defence against XSS.",
    remediation="add_header Content-Security-Policy \"default-src 'self'\" always;",
    references=_REF,
)
def content_security_policy(nginx: NginxFacts) -> Outcome:
    return header_rule("content-security-policy", lambda v: bool(v.strip()), "default-src ...")(nginx)


@rule(
    id="nginx.x-xss-protection-present",
    title="Nginx does not send the deprecated X-XSS-Protection header",
    problem="Nginx sends the deprecated X-XSS-Protection header",
    severity=Severity.LOW,
    rationale="""X-XSS-Protection is deprecated and ignored by current browsers; in old ones its filter could
    itself be abused to leak data. A Content-Security-Policy does the job. Only the value 0 is harmless.""",
    remediation="remove `add_header X-XSS-Protection ...` (or send 0) and rely on Content-Security-Policy",
    references=_REF,
)
def x_xss_protection_present(nginx: NginxFacts) -> Outcome:
    items = []
    for scope in _levels_adding_headers(nginx):
        for item in scope.own("add_header"):
            if len(item.args) >= 2 and item.args[0].lower() == "x-xss-protection":
                text = item.args[1]
                shown = text if re.fullmatch(r"[01](;\s*mode=block)?", text.strip()) else "(a value)"
                where = directive_value(scope, item).cite("(not sent)", actual=shown, wanted=_ABSENT)
                verdict = ok() if text.strip() == "0" else bad(f"X-XSS-Protection: {shown} sent", where)
                items.append((scope.label(), verdict))
    subject = ("level sends X-XSS-Protection", "levels send X-XSS-Protection")
    return judge(items, subject, "X-XSS-Protection not sent")


def _levels_adding_headers(nginx: NginxFacts) -> list[Scope]:
    """The http level and every server, location and `if` level that has add_header lines of its own."""
    http = nginx.http()
    if http is None:
        return []
    return ([http] if http.own("add_header") else []) + [s for _, s in nginx.levels_setting("add_header")]
