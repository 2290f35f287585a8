"""nginx listeners and TLS: the deprecated `ssl` directive, and plain listeners on a port that serves TLS."""

from __future__ import annotations

from garrison.facts.nginx import Directive, NginxFacts, Server, block_name, directive_value, releases
from garrison.model import Outcome, Relation, Severity, Wanted, not_applicable
from garrison.rules.expect import context, equals
from garrison.rules.nginx.common import NO_TLS, Label, Verdict, bad, judge
from garrison.rules.registry import rule

#: nginx 1.25.1 removed the `ssl` directive.
_SSL_REMOVED = releases.SSL_DIRECTIVE_REMOVED


@rule(
    id="nginx.listen-ssl-parameter",
    title="Nginx enables TLS with `listen ... ssl`, not the `ssl` directive",
    problem="Nginx uses the deprecated `ssl` directive",
    severity=Severity.LOW,
    rationale="""`ssl on;` (deprecated since nginx 1.15.0) turns TLS on for every listener of the server,
    so a port meant for plain HTTP (a redirect on 80) speaks TLS instead, and `ssl off;` beside `listen
    ... ssl` is ignored. nginx 1.25.1 removed the directive: from that release on a file with it is
    refused and nginx does not start.""",
    remediation="listen 443 ssl;\nlisten [::]:443 ssl;   # and delete `ssl on;`",
)
def listen_ssl_parameter(nginx: NginxFacts) -> Outcome:
    http = nginx.http()
    if http is None:
        return not_applicable("nginx has no http block")
    levels = [http] if http.own("ssl") else []
    levels += [level for _s, level in nginx.levels_setting("ssl")]
    removed = nginx.release.at_least(_SSL_REMOVED)
    since = ".".join(map(str, releases.SSL_DIRECTIVE_DEPRECATED))
    note = (
        f"removed in nginx 1.25.1: {nginx.release.label()} refuses the file"
        if removed
        else f"deprecated since nginx {since}"
    )
    items: list[tuple[Label, Verdict]] = []
    for level in levels:
        for item in level.own("ssl"):
            where = directive_value(level, item).cite("listen ... ssl", wanted=Wanted(Relation.ABSENT))
            items.append((block_name(level) or "main", bad(f"ssl {' '.join(item.args)}: {note}", where)))
    return judge(
        items,
        ("level uses the ssl directive", "levels use the ssl directive"),
        "TLS is enabled per listener",
    )


def _listen_line(server: Server, spec_location: object) -> Directive | None:
    return next((d for d in server.scope.own("listen") if d.location == spec_location), None)


def _sockets(nginx: NginxFacts) -> dict[tuple[str, int], list[tuple[Server, Directive, bool]]]:
    """Each TCP address:port nginx listens on, with every `listen` naming it and whether it has `ssl`
    (nginx merges the listens of one address:port: one `ssl` makes it TLS for every server on it; a
    server's `ssl on;` makes all its listens TLS before 1.25.1)."""
    old_ssl = not nginx.release.at_least(_SSL_REMOVED)
    found: dict[tuple[str, int], list[tuple[Server, Directive, bool]]] = {}
    for server in nginx.servers():
        last = server.scope.last("ssl")
        ssl_on = old_ssl and last is not None and last.args[:1] == ("on",)
        for spec in server.listens:
            line = _listen_line(server, spec.location) if spec.location is not None else None
            if spec.quic or line is None or spec.address.startswith("unix:"):
                continue
            found.setdefault((spec.address, spec.port), []).append((server, line, spec.ssl or ssl_on))
    return found


@rule(
    id="nginx.listen-ssl-consistent",
    title="Nginx speaks TLS on every address of a TLS port",
    problem="Nginx serves plain HTTP on a port where it also serves TLS",
    severity=Severity.HIGH,
    rationale="""TLS is a property of each listening address:port: `listen 443 ssl;` beside `listen
    [::]:443;` serves HTTPS over IPv4 and plain HTTP on port 443 over IPv6, so clients that reach the site
    over IPv6 (or the address without `ssl`) send requests, cookies and passwords in clear text, or fail.
    Every listener on a port that serves TLS needs the `ssl` parameter.""",
    remediation="listen 443 ssl;\nlisten [::]:443 ssl;",
    references=("guide:002 step 4",),
)
def listen_ssl_consistent(nginx: NginxFacts) -> Outcome:
    sockets = _sockets(nginx)
    tls: dict[int, Directive] = {}
    for (_address, port), members in sockets.items():
        for _server, line, ssl in members:
            if ssl and port not in tls:
                tls[port] = line
    if not tls:
        return not_applicable(NO_TLS)
    items: list[tuple[Label, Verdict]] = []
    for (address, port), members in sockets.items():
        if port not in tls or any(ssl for _s, _l, ssl in members):
            continue
        other = tls[port]
        frame = context(other.location.path, other.location.line, f"listen {' '.join(other.args)}")
        for server, line, _ssl in members:
            value = directive_value(server.scope, line)
            want = f"listen {' '.join(line.args)} ssl"
            where = value.cite(want, wanted=equals(*line.args, "ssl"))
            items.append(
                (server.label, bad(f"{address}:{port} without ssl beside TLS on port {port}", where, frame))
            )
    return judge(
        items,
        ("listener serves plain HTTP on a TLS port", "listeners serve plain HTTP on a TLS port"),
        "every listener on a TLS port has ssl",
    )
