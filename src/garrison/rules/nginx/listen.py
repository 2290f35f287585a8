"""nginx listeners and TLS: the deprecated `ssl` directive, and plain listeners on a port that serves TLS."""

from __future__ import annotations

from garrison.facts.nginx import Directive, NginxFacts, Server, block_name, directive_value, releases
from garrison.model import Outcome, Relation, Severity, Wanted, not_applicable
from garrison.rules.expect import context, equals
from garrison.rules.nginx.common import NO_TLS, Label, Verdict, bad, judge, release_label
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
        f"removed in nginx 1.25.1: {release_label(nginx)} refuses the file"
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


#: The well-known HTTPS port: a plain listener on it was meant to speak TLS.
_HTTPS_PORT = 443


def _meant(
    server: Server, port: int, tls: dict[int, Directive], tls_servers: set[int]
) -> tuple[str, Directive | None] | None:
    """Why a plain listener of `server` on `port` was meant to speak TLS (and the line that shows it), or
    None: another address serves TLS on the port, the server has its own certificate and no TLS listener
    (a plain port beside TLS ones in one server is `nginx.http-to-https-redirect`'s), or it is 443."""
    if port in tls:
        return f"beside TLS on port {port}", tls[port]
    certificate = server.scope.own("ssl_certificate")
    if certificate and id(server) not in tls_servers:
        return "in a server with an ssl_certificate", certificate[0]
    if port == _HTTPS_PORT:
        return "on the HTTPS port", None
    return None


@rule(
    id="nginx.listen-ssl-consistent",
    title="Nginx speaks TLS on every listener meant for it",
    problem="Nginx serves plain HTTP on a listener meant for TLS",
    severity=Severity.HIGH,
    rationale="""TLS is a property of each listening address:port: `listen 443 ssl;` beside `listen
    [::]:443;` serves HTTPS over IPv4 and plain HTTP on port 443 over IPv6, so clients that reach the site
    over IPv6 (or the address without `ssl`) send requests, cookies and passwords in clear text, or fail.
    The same holds for a server that has a certificate but listens without `ssl`, and for port 443 without
    it: since `ssl on;` is gone, only the `ssl` parameter of `listen` turns TLS on.""",
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
    tls_servers = {id(s) for members in sockets.values() for s, _l, ssl in members if ssl}
    items: list[tuple[Label, Verdict]] = []
    for (address, port), members in sockets.items():
        if any(ssl for _s, _l, ssl in members):
            continue  # nginx merges the listens of one address:port: one `ssl` makes all TLS
        for server, line, _ssl in members:
            why = _meant(server, port, tls, tls_servers)
            if why is None:
                continue
            note, shows = why
            frame = (
                None
                if shows is None
                else context(shows.location.path, shows.location.line, f"{shows.name} {' '.join(shows.args)}")
            )
            where = directive_value(server.scope, line).cite(
                f"listen {' '.join(line.args)} ssl", wanted=equals(*line.args, "ssl")
            )
            items.append((server.label, bad(f"{address}:{port} without ssl {note}", where, frame)))
    if not items and not tls:
        return not_applicable(NO_TLS)
    return judge(
        items,
        ("listener meant for TLS serves plain HTTP", "listeners meant for TLS serve plain HTTP"),
        "every listener meant for TLS has ssl",
    )
