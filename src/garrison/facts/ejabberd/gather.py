"""Gather ejabberd's effective configuration: ejabberd.yml, its include_config_file files, macros, and
ejabberdctl.cfg."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from garrison.facts.ejabberd import defaults
from garrison.facts.ejabberd.ctlcfg import parse_ejabberdctl_cfg
from garrison.facts.ejabberd.load import ConfigFileInfo, Loaded, load_options
from garrison.facts.ejabberd.merge import apply_macros
from garrison.facts.ejabberd.model import CtlConfig, EjListener, Kind, Node
from garrison.facts.ejabberd.options import (
    REFERENCE,
    described,
    refused_options,
    release_for,
)
from garrison.facts.ejabberd.presence import ABSENT, OPT_CONFIGS
from garrison.facts.ejabberd.settings import Index, index_settings
from garrison.facts.listeners import IpProtocol, Listener, ReportsListeners
from garrison.facts.notes import NotedFacts
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import FactStore, SubjectAbsent
from garrison.facts.tlsrefs import ReferencesTls, TlsFileRef, TlsFileRole
from garrison.facts.versions import InstalledVersion, InstalledVersions, Program
from garrison.model import Location, ParseIssue
from garrison.targets.base import Target

#: Top-level and listener options that name TLS files (paths or globs).
TLS_OPTIONS = {
    "certfiles": TlsFileRole.CERTIFICATE,
    "c2s_cafile": TlsFileRole.CA_BUNDLE,
    "s2s_cafile": TlsFileRole.CA_BUNDLE,
    "ca_file": TlsFileRole.CA_BUNDLE,
    "c2s_dhfile": TlsFileRole.DH_PARAMS,
    "s2s_dhfile": TlsFileRole.DH_PARAMS,
}
LISTENER_TLS_OPTIONS = {
    "certfile": TlsFileRole.CERTIFICATE,
    "cafile": TlsFileRole.CA_BUNDLE,
    "dhfile": TlsFileRole.DH_PARAMS,
}


@dataclass(frozen=True, slots=True)
class EjabberdFacts(ReportsListeners, ReferencesTls, NotedFacts):
    """The merged top-level options (macros applied), the listeners, and ejabberdctl.cfg."""

    config_path: str
    options: Node
    listen: tuple[EjListener, ...]
    ctl: CtlConfig
    files: tuple[ConfigFileInfo, ...] = ()
    tls_refs: tuple[TlsFileRef, ...] = ()
    issues: tuple[ParseIssue, ...] = ()
    #: the release whose option names apply ((23, 1) when the installed version is unknown), the installed
    #: version, and the options that release would refuse (ejabberd then does not start at all)
    release: tuple[int, int] = REFERENCE
    installed: InstalledVersion | None = None
    refusals: tuple[ParseIssue, ...] = ()
    #: what stops ejabberd loading its files (a YAML syntax error, a missing include, an include loop); what
    #: could still be read is judged, noted
    load_problems: tuple[ParseIssue, ...] = ()
    #: id(node) -> (key path, scope), built when a rule first cites a node
    _settings: Index | None = field(default=None, init=False, repr=False, compare=False)

    def setting_of(self, node: Node) -> tuple[str, str | None]:
        """The key path and scope of a node of the options tree (`listen[0] port 5222`, `host_config x`)."""
        if self._settings is None:
            object.__setattr__(self, "_settings", index_settings(self))
        assert self._settings is not None
        return self._settings.get(id(node), ("options", None))

    @property
    def version(self) -> str:
        """The release judged by, as a message says it: `ejabberd 24.12`, or the reference when unknown."""
        return described(self.installed)

    def verdict_notes(self) -> tuple[str, ...]:
        """A configuration with an option the release refuses is judged anyway: every verdict says so."""
        first = (*self.load_problems, *self.refusals)[:1]
        return tuple(f"judged from a configuration {self.version} refuses ({i.location})" for i in first)

    def option(self, key: str) -> Node | None:
        return self.options.get(key)

    def module(self, name: str) -> Node | None:
        modules = self.options.get("modules")
        return None if modules is None else modules.get(name)

    def host_overrides(self, key: str) -> tuple[tuple[str, Node], ...]:
        """(host, value) for every `host_config` / `append_host_config` section that sets `key`."""
        found: list[tuple[str, Node]] = []
        for section in ("host_config", "append_host_config"):
            hosts = self.options.get(section)
            for host, options in hosts.pairs() if hosts is not None else ():
                value = options.get(key)
                if value is not None:
                    found.append((host, value))
        return tuple(found)

    def module_everywhere(self, name: str) -> tuple[Node, ...]:
        """The module's options globally and in each host section that loads it."""
        found = [] if self.module(name) is None else [self.module(name)]
        found += [mods.get(name) for _, mods in self.host_overrides("modules") if mods.get(name) is not None]
        return tuple(node for node in found if node is not None)

    def listeners(self) -> tuple[Listener, ...]:
        out = []
        for item in self.listen:
            if item.port is None:
                continue
            transport = item.option("transport")
            udp = transport is not None and transport.text == "udp"
            proto = IpProtocol.UDP if udp else IpProtocol.TCP
            out.append(Listener("ejabberd", item.ip, item.port, proto, item.purpose, item.location))
        epmd = self.ctl.variables.get("ERL_EPMD_ADDRESS")
        where = epmd.location if epmd else Location(self.ctl.path or self.config_path, None)
        for address in epmd.value.split(",") if epmd else ("0.0.0.0",):
            epmd_port = defaults.EPMD_PORT
            out.append(Listener("ejabberd", address.strip(), epmd_port, IpProtocol.TCP, "erlang epmd", where))
        dist = self.ctl.variables.get("ERL_DIST_PORT")
        if dist is not None and dist.value.isdigit():
            iface = self.ctl.variables.get("INET_DIST_INTERFACE")
            address = iface.value if iface else "0.0.0.0"
            out.append(
                Listener(
                    "ejabberd", address, int(dist.value), IpProtocol.TCP, "erlang distribution", dist.location
                )
            )
        return tuple(out)

    def tls_files(self) -> tuple[TlsFileRef, ...]:
        return self.tls_refs


READS = Reads(
    files=(*defaults.CTL_PATHS, *defaults.CONFIG_PATHS),
    needs=(InstalledVersions,),
    globs=("/opt/ejabberd-*/conf/ejabberd.yml",),
    follows=(
        Follow(FollowKind.INCLUDE, ("include_config_file",)),
        Follow(FollowKind.REFERENCE, ("EJABBERD_CONFIG_PATH",)),  # in ejabberdctl.cfg
        # certificate globs, named directly or through a macro
        Follow(FollowKind.REFERENCE, ("define_macro", *TLS_OPTIONS, *LISTENER_TLS_OPTIONS)),
    ),
)


@declares(READS)
def gather_ejabberd(target: Target, store: FactStore | None = None) -> EjabberdFacts:
    versions = None if store is None else store.peek(InstalledVersions)
    installed = None if versions is None else versions.get(Program.EJABBERD)
    release = release_for(None if installed is None else installed.numbers)
    ctl = _load_ctl(target)
    configured = ctl.variables.get("EJABBERD_CONFIG_PATH")
    config = None
    if (
        configured is not None
        and configured.value.startswith("/")
        and target.stat(configured.value) is not None
    ):
        config = configured.value
    config = config or next((p for p in defaults.CONFIG_PATHS if target.stat(p) is not None), None)
    if config is None:
        found = target.glob(OPT_CONFIGS)
        config = found[-1] if found else None
    if config is None:
        raise SubjectAbsent(ABSENT)
    loaded = Loaded()
    top = load_options(target, config, (), None, loaded)
    files = loaded.files
    options = apply_macros(top if top is not None else Node(Kind.MAP, Location(config, 1)))
    for key, kind in (
        ("listen", Kind.SEQ),
        ("modules", Kind.MAP),
        ("acl", Kind.MAP),
        ("access_rules", Kind.MAP),
    ):
        node = options.get(key)
        if node is not None and node.kind != kind and not (node.kind == Kind.SCALAR and node.scalar is None):
            # ejabberd refuses it; the other options are still judged, this one as if absent
            loaded.refuse(f"{key} must be a {'list' if kind == Kind.SEQ else 'mapping'}", node.location)
            kept = [(k, v) for k, v in options.pairs() if k != key]
            options = replace(options, keys=tuple(k for k, _ in kept), items=tuple(v for _, v in kept))
    listen_node = options.get("listen")
    listen = tuple(
        _listener(n) for n in (listen_node.items if listen_node and listen_node.kind == Kind.SEQ else ())
    )
    facts = EjabberdFacts(config, options, listen, ctl, tuple(files))
    refused = refused_options(options, release)
    tls = _tls_refs(target, facts)
    problems = tuple(loaded.problems)
    return EjabberdFacts(
        config, options, listen, ctl, tuple(files), tls, (), release, installed, refused, problems
    )


def _listener(node: Node) -> EjListener:
    module = node.get("module")
    port = node.get("port")
    ip = node.get("ip")
    number: int | None = None
    if port is not None and isinstance(port.scalar, int) and not isinstance(port.scalar, bool):
        number = port.scalar
    elif port is not None and isinstance(port.scalar, str) and port.scalar.isdigit():
        number = int(port.scalar)
    handlers_node = node.get("request_handlers")
    handlers = tuple((k, v.text or "") for k, v in handlers_node.pairs()) if handlers_node else ()
    return EjListener(
        node,
        (module.text or "") if module else "",
        number,
        (ip.text or defaults.LISTEN_IP) if ip else defaults.LISTEN_IP,
        handlers,
    )


def _load_ctl(target: Target) -> CtlConfig:
    path = next((p for p in defaults.CTL_PATHS if target.stat(p) is not None), None)
    if path is None:
        return CtlConfig(None)
    variables, issues = parse_ejabberdctl_cfg(target.read_text(path), path)
    return CtlConfig(path, variables, issues)


def _tls_refs(target: Target, facts: EjabberdFacts) -> tuple[TlsFileRef, ...]:
    refs: list[TlsFileRef] = []
    hosts = facts.option("hosts")
    names = hosts.strings() if hosts else ()
    sources = [(facts.options, TLS_OPTIONS)]
    sources += [(item.node, LISTENER_TLS_OPTIONS) for item in facts.listen]
    for node, table in sources:
        for key, role in table.items():
            value = node.get(key)
            if value is None:
                continue
            for pattern in value.strings():
                if not pattern.startswith("/") or value.placeholder:
                    continue
                paths = target.glob(pattern) if any(c in pattern for c in "*?[") else (pattern,)
                for path in paths:
                    refs.append(TlsFileRef(path, role, "ejabberd", names, value.location))
    return tuple(dict.fromkeys(refs))
