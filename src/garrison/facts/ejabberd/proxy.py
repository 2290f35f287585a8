"""Which local ports a web server on this host proxies to: nginx `proxy_pass` targets on this machine.

Built on the nginx pack's facts (`NginxFacts`, fetched from the store; an unreadable nginx config makes this
fact an error too, one nginx would refuse is used with its notes): a `proxy_pass` to 127.0.0.1,
localhost or ::1 - directly or through an `upstream` block - names a backend port that only the proxy needs
to reach. Used to check that ejabberd binds such backends (registration, invites, uploads) to loopback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.facts.listeners import AddressScope, address_scope
from garrison.facts.notes import NotedFacts
from garrison.facts.reads import Reads, declares
from garrison.facts.store import FactStore, SubjectAbsent
from garrison.model import Location
from garrison.options import AuditOptions
from garrison.targets.base import Target

_URL = re.compile(r"^(?:https?|grpcs?)://(\[[^\]]+\]|[^/:]+)(?::(\d+))?", re.IGNORECASE)
_HOSTPORT = re.compile(r"^(\[[^\]]+\]|[^:]+)(?::(\d+))?$")


@dataclass(frozen=True, slots=True)
class ProxiedPort:
    port: int
    location: Location  # the proxy_pass (or upstream server) line


@dataclass(frozen=True, slots=True)
class ProxyTargets(NotedFacts):
    """Loopback ports the local web server forwards to; `source` is "" when no web server config exists;
    `notes`: the web server's own verdict notes (a configuration it would refuse, judged anyway)."""

    source: str
    ports: tuple[ProxiedPort, ...] = ()
    notes: tuple[str, ...] = ()

    def verdict_notes(self) -> tuple[str, ...]:
        return self.notes

    def find(self, port: int) -> ProxiedPort | None:
        return next((p for p in self.ports if p.port == port), None)


def _reads(options: AuditOptions) -> Reads:
    from garrison.facts.nginx import NginxFacts  # imported when gathering, as below

    return Reads(needs=(NginxFacts,))


@declares(_reads)
def gather_proxy_targets(target: Target, store: FactStore) -> ProxyTargets:
    from garrison.facts.nginx import Level, NginxFacts

    try:
        nginx = store.get(NginxFacts)
    except (SubjectAbsent, LookupError):  # no nginx here (a broken nginx config stays an error)
        return ProxyTargets("")
    http = nginx.http()
    upstreams: dict[str, list[ProxiedPort]] = {}
    for block in http.children(Level.UPSTREAM) if http is not None else ():
        name = block.args[0] if block.args else ""
        for member in block.own("server"):
            found = _local_port(member.args[0] if member.args else "", _HOSTPORT, 80)
            if found is not None:
                upstreams.setdefault(name, []).append(ProxiedPort(found, member.location))
    ports: list[ProxiedPort] = []
    for server in nginx.servers():
        for scope in (server.scope, *server.scope.nested()):
            for directive in scope.own("proxy_pass"):
                url = directive.args[0] if directive.args else ""
                port = _local_port(url, _URL, 443 if url.lower().startswith("https") else 80)
                if port is not None:
                    ports.append(ProxiedPort(port, directive.location))
                    continue
                name = re.sub(r"^\w+://", "", url).split("/", 1)[0]
                ports.extend(upstreams.get(name, ()))
    return ProxyTargets("nginx", tuple(dict.fromkeys(ports)), nginx.verdict_notes())


def _local_port(text: str, pattern: re.Pattern[str], default: int) -> int | None:
    match = pattern.match(text.strip())
    if match is None:
        return None
    host = match.group(1)
    if address_scope(host) is not AddressScope.LOOPBACK:
        return None
    port = match.group(2)
    return int(port) if port else default
