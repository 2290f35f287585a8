"""The nginx configuration as nginx sees it after includes: contexts with directive inheritance.

Inheritance follows nginx's merge rule for http-module directives: a level (http, server, location, `if`
inside a location) that defines a directive uses its own occurrences; a level that defines none inherits
ALL occurrences from the nearest enclosing level that does. For array directives such as `add_header` this
is the well-known pitfall: one `add_header` in a location drops every header the server added.

    NginxFacts.servers() -> (Server(scope=Scope(Level.SERVER, ...), tls=True, names=("example.org",)), ...)
    Scope.effective("add_header") -> the Directive tuple that applies at that level
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from garrison.facts.listeners import IpProtocol, Listener, ReportsListeners
from garrison.facts.nginx.defaults import DEFAULT_LISTEN_PORT
from garrison.facts.nginx.parse import Directive
from garrison.facts.nginx.releases import REFERENCE, NginxRelease
from garrison.facts.nginx.scope import Level, Scope
from garrison.facts.notes import NotedFacts
from garrison.facts.tlsrefs import ReferencesTls, TlsFileRef, TlsFileRole
from garrison.model import Location, ParseIssue


@dataclass(frozen=True, slots=True)
class ListenSpec:
    address: str
    port: int
    ssl: bool
    quic: bool
    location: Location | None


@dataclass(frozen=True, slots=True)
class Server:
    scope: Scope
    listens: tuple[ListenSpec, ...]
    names: tuple[str, ...]

    @property
    def tls(self) -> bool:
        if any(spec.ssl or spec.quic for spec in self.listens):
            return True
        ssl = self.scope.last("ssl")  # the deprecated `ssl on;` (still accepted by nginx 1.22)
        return ssl is not None and ssl.args[:1] == ("on",)

    @property
    def hostnames(self) -> tuple[str, ...]:
        """server_name values that are host names: not `_`, regexes, `www.example.*` or empty; the special
        `.example.org` stands for example.org and *.example.org."""
        found: list[str] = []
        for name in self.names:
            if not name or name == "_" or name.startswith("~") or name.endswith(".*") or "." not in name:
                continue
            found.extend((name[1:], "*" + name) if name.startswith(".") else (name,))
        return tuple(dict.fromkeys(n.lower() for n in found))

    def label(self) -> str:
        name = self.names[0] if self.names else "_"
        return f"server {name} ({self.scope.location})"


@dataclass(frozen=True, slots=True)
class UnknownDirective:
    """A directive nginx of the judged release does not know (it refuses to start): where, and what it may
    have meant (`suggestion`, a known name close to it) or why (`reason`: removed in 1.25.1, ...)."""

    name: str
    location: Location
    reason: str
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class NginxFacts(ReportsListeners, ReferencesTls, NotedFacts):
    """nginx's configuration after includes (`main`), the files read in order, and what nginx would refuse.

    release: the nginx judged by (the installed one, else `releases.REFERENCE`), version_note why it is not
    the installed one when it is not; problems: everything nginx would refuse to start with, at file:line
    (syntax errors, missing includes, directives in the wrong context or with a bad argument count, unknown
    directives) -- the directives that could be read are still judged, marked by `verdict_notes`; unknown:
    the unknown directives (a subset of problems' places) with a suggestion; issues: the analyser's notes.
    """

    conf_path: str
    prefix: str  # the directory relative paths resolve against (nginx's conf prefix)
    main: tuple[Directive, ...]
    files: tuple[str, ...]
    issues: tuple[ParseIssue, ...] = ()
    release: NginxRelease = REFERENCE
    version_note: str | None = None
    problems: tuple[ParseIssue, ...] = ()
    unknown: tuple[UnknownDirective, ...] = ()
    #: commented-out directives (`# server_tokens off;`) by name, in file order: where an absent one is cited
    commented: Mapping[str, tuple[Location, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # the level tree and the servers, built once: every rule walks them
    _root: Scope | None = field(default=None, init=False, repr=False, compare=False)
    _servers: tuple[Server, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _tls_servers: tuple[Server, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _levels: tuple[tuple[Server, Scope], ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    #: directive name -> the `levels()` that set it themselves
    _setting: dict[str, tuple[tuple[Server, Scope], ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def verdict_notes(self) -> tuple[str, ...]:
        """What every verdict on these facts says (`facts.notes.NotedFacts`) when nginx would refuse them."""
        if not self.problems:
            return ()
        first = self.problems[0]
        more = f" and {len(self.problems) - 1} more" if len(self.problems) > 1 else ""
        return (f"judged from a configuration nginx would refuse ({first.location}{more})",)

    def default(self, name: str) -> tuple[str, ...]:
        """The judged release's compiled default of directive `name`."""
        return self.release.default(name)

    def root(self) -> Scope:
        if self._root is None:
            root = Scope(Level.MAIN, (), self.main, Location(self.conf_path, None))
            object.__setattr__(root, "_comments", self.commented)
            object.__setattr__(self, "_root", root)
        assert self._root is not None
        return self._root

    def http(self) -> Scope | None:
        blocks = self.root().children(Level.HTTP)
        return blocks[0] if blocks else None

    def servers(self) -> tuple[Server, ...]:
        if self._servers is None:
            http = self.http()
            found = () if http is None else tuple(_server(scope) for scope in http.children(Level.SERVER))
            object.__setattr__(self, "_servers", found)
        assert self._servers is not None
        return self._servers

    def tls_servers(self) -> tuple[Server, ...]:
        if self._tls_servers is None:
            object.__setattr__(self, "_tls_servers", tuple(s for s in self.servers() if s.tls))
        assert self._tls_servers is not None
        return self._tls_servers

    def levels(self) -> tuple[tuple[Server, Scope], ...]:
        """Every server level and each location and `if` level below it (depth first), with its server."""
        if self._levels is None:
            found = tuple((s, level) for s in self.servers() for level in (s.scope, *s.scope.nested()))
            object.__setattr__(self, "_levels", found)
        assert self._levels is not None
        return self._levels

    def levels_setting(self, name: str) -> tuple[tuple[Server, Scope], ...]:
        """The `levels()` that set directive `name` themselves (`level.own(name)`), in the same order."""
        if self._setting is None:
            index: dict[str, list[tuple[Server, Scope]]] = {}
            for pair in self.levels():
                level = pair[1]
                for key in level._own if level._own is not None else level._index():
                    index.setdefault(key, []).append(pair)
            object.__setattr__(self, "_setting", {key: tuple(found) for key, found in index.items()})
        assert self._setting is not None
        return self._setting.get(name, ())

    def listeners(self) -> tuple[Listener, ...]:
        found: dict[Listener, None] = {}
        for server in self.servers():
            for spec in server.listens:
                purpose = "https" if spec.ssl else "http"
                proto = IpProtocol.UDP if spec.quic else IpProtocol.TCP
                found.setdefault(Listener("nginx", spec.address, spec.port, proto, purpose, spec.location))
        return tuple(found)

    def tls_files(self) -> tuple[TlsFileRef, ...]:
        refs: list[TlsFileRef] = []
        roles = (
            ("ssl_certificate", TlsFileRole.CERTIFICATE),
            ("ssl_certificate_key", TlsFileRole.PRIVATE_KEY),
            ("ssl_dhparam", TlsFileRole.DH_PARAMS),
            ("ssl_trusted_certificate", TlsFileRole.CA_BUNDLE),
            ("ssl_client_certificate", TlsFileRole.CA_BUNDLE),
        )
        for server in self.tls_servers():
            for name, role in roles:
                for item in server.scope.effective(name):
                    value = item.args[0] if item.args else ""
                    if not value or "$" in value or value.startswith(("data:", "engine:")):
                        continue
                    path = self.absolute(value)
                    refs.append(TlsFileRef(path, role, "nginx", server.hostnames, item.location))
        return tuple(refs)

    def absolute(self, value: str) -> str:
        return value if value.startswith("/") else f"{self.prefix.rstrip('/')}/{value}"


def _server(scope: Scope) -> Server:
    listens = tuple(_listen(d) for d in scope.own("listen"))
    if not listens:
        listens = (ListenSpec("*", DEFAULT_LISTEN_PORT, False, False, None),)
    names = tuple(arg for d in scope.own("server_name") for arg in d.args)
    return Server(scope, tuple(spec for spec in listens if spec.port > 0), names)


def _listen(item: Directive) -> ListenSpec:
    """`listen 443 ssl`, `listen [::]:443 ssl`, `listen 127.0.0.1:8080`, `listen localhost`, `unix:...`."""
    value = item.args[0] if item.args else ""
    params = set(item.args[1:])
    ssl, quic = "ssl" in params, "quic" in params
    if value.startswith("unix:"):
        return ListenSpec(value, 0, ssl, quic, item.location)
    address, port_text = "*", value
    if value.startswith("["):
        host, _, rest = value.partition("]")
        address, port_text = host + "]", rest.lstrip(":") or str(DEFAULT_LISTEN_PORT)
    elif ":" in value:
        address, _, port_text = value.rpartition(":")
    elif not value.isdigit():
        address, port_text = value, str(DEFAULT_LISTEN_PORT)
    port = int(port_text) if port_text.isdigit() and 0 < int(port_text) < 65536 else -1
    return ListenSpec(address, port, ssl, quic, item.location)
