"""add_header inheritance pitfalls and the `always` flag on security headers."""

from __future__ import annotations

from garrison.facts.nginx import NginxFacts, Scope, Server, directive_value
from garrison.model import Outcome, Severity, Status
from garrison.rules.nginx.common import Label, Verdict, bad, judge, ok, per_tls_server
from garrison.rules.nginx.headers import SECURITY_HEADERS, headers
from garrison.rules.registry import rule
from garrison.rules.wording import nothing_to_check


def _levels_with_own_headers(nginx: NginxFacts) -> list[Scope]:
    """Server, location and `if` levels with add_header lines of their own, in file order."""
    return [level for _server, level in nginx.levels_setting("add_header")]


@rule(
    id="nginx.add-header-inheritance",
    title="No nginx level silently drops the security headers of the level above",
    problem="An nginx level silently drops the security headers of the level above",
    severity=Severity.MEDIUM,
    rationale="""add_header is inherited only by levels that define no add_header of their own: a location
    that adds one header (say Cache-Control) stops sending every security header set by the server or http
    level.""",
    remediation="repeat the security headers in that block, or keep them in a snippet included at each level",
    references=("guide:002 step 5",),
)
def add_header_inheritance(nginx: NginxFacts) -> Outcome:
    items: list[tuple[Label, Verdict]] = []
    for level in _levels_with_own_headers(nginx):
        if level.parent is None:
            continue
        above = headers(level.parent)
        here = headers(level)
        lost = sorted(n for n in above if n in SECURITY_HEADERS and n not in here)
        if lost:
            first = directive_value(level, level.own("add_header")[0])
            note = f"drops {', '.join(lost)} set at {above[lost[0]].location}"
            items.append((level.label, bad(note, first.cite(note, actual="add_header here"))))
        else:
            items.append((level.label, ok()))
    return judge(
        items,
        ("level drops inherited security headers", "levels drop inherited security headers"),
        "no level drops inherited security headers",
        empty="no server or location sets add_header of its own",
    )


@rule(
    id="nginx.security-headers-always",
    title="Nginx sends security headers on error responses too (`always`)",
    problem="Nginx sends security headers only on successful responses",
    severity=Severity.LOW,
    rationale="""Without the `always` parameter add_header applies only to 2xx and 3xx responses: error pages
    (404, 500, ...) go out without HSTS, CSP or framing protection.""",
    remediation='add_header Strict-Transport-Security "max-age=63072000" always;',
    references=("guide:002 step 5",),
)
def security_headers_always(nginx: NginxFacts) -> Outcome:
    sent: list[str] = []

    def check(server: Server) -> Verdict:
        for level in (server.scope, *server.scope.nested()):
            for name, item in sorted(headers(level).items()):
                if name in SECURITY_HEADERS:
                    sent.append(name)
                if name in SECURITY_HEADERS and "always" not in item.args[2:]:
                    where = directive_value(level, item).cite("always", actual=" ".join(item.args[:1]))
                    return bad(f"{item.args[0]} without always", where)
        return ok()

    outcome = per_tls_server(
        nginx,
        check,
        (
            "TLS server sends security headers only on success",
            "TLS servers send security headers only on success",
        ),
        "every security header is sent with always",
    )
    if outcome.status is Status.PASS and not sent:
        return nothing_to_check("no TLS server sends a security header")
    return outcome
