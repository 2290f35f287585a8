"""SIP facts: Kamailio's effective configuration and other SIP servers' listeners and RTP ranges."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from garrison.facts.listeners import IpProtocol, Listener, ReportsListeners, ReportsMediaPorts
from garrison.facts.tlsrefs import ReferencesTls, TlsFileRef
from garrison.model import Location, ParseIssue


@dataclass(frozen=True, slots=True)
class Setting:
    value: str
    location: Location


class SipTransport(StrEnum):
    """A SIP socket's transport (Kamailio `listen=proto:...`, pjsip `protocol=`), or a SIPREC server's API."""

    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"
    SCTP = "sctp"
    WS = "ws"
    WSS = "wss"
    HTTP = "http"  # a SIPREC server's HTTP API

    @classmethod
    def parse(cls, text: str) -> SipTransport | None:
        """The transport a config spells `text` (any case), None when it names none of these."""
        return cls._value2member_map_.get(text.strip().lower())  # type: ignore[return-value]

    @property
    def encrypted(self) -> bool:
        return self in (SipTransport.TLS, SipTransport.WSS)


@dataclass(frozen=True, slots=True)
class SipListen:
    proto: SipTransport
    address: str  # "*" / "0.0.0.0" = every address
    port: int
    location: Location | None  # None: Kamailio's implicit default sockets
    service: str = "kamailio"


@dataclass(frozen=True, slots=True)
class RtpRange:
    low: int
    high: int
    software: str  # rtpengine, rtpproxy, asterisk, kamailio, siprec
    location: Location  # the setting, or the config file where it belongs (line None: built-in default)


@dataclass(frozen=True, slots=True)
class TlsMethod:
    """The TLS method of one tls module profile: a tls.cfg `[server:default]` (with its `method` line, None
    when it has none and inherits the module's), or the module's own `tls_method` when there is no tls.cfg."""

    scope: str  # "[server:default]" or "modparam tls tls_method"
    setting: Setting | None  # the method line, None when not set here
    where: Location  # the profile's header, or `loadmodule "tls.so"`


@dataclass(frozen=True, slots=True)
class Switch:
    """A preprocessor switch (`#!define WITH_TLS`, `#!ifdef WITH_ANTIFLOOD`) at its own line."""

    name: str
    directive: str  # define, trydef, redefine, undef, ifdef, ifndef
    location: Location
    active: bool  # the line was in an active branch (a define then took effect)


@dataclass(frozen=True, slots=True)
class KamailioConfig:
    """The active (preprocessed) Kamailio configuration. `globals`: last value of each core parameter."""

    path: str
    defines: frozenset[str]
    listens: tuple[SipListen, ...]
    globals: tuple[tuple[str, Setting], ...]
    modules: tuple[tuple[str, Location], ...]
    modparams: tuple[tuple[str, str, str, Location], ...]  # (module, param, value, where)
    calls: tuple[tuple[str, Location], ...]  # functions called in routing blocks (first use)
    ua_filters: tuple[Setting, ...]  # regexes matched against $ua / User-Agent
    issues: tuple[ParseIssue, ...] = ()
    rtp_range: RtpRange | None = None  # from #!define RTP_PORT_MIN / RTP_PORT_MAX
    block_calls: tuple[tuple[str, str, Location], ...] = ()  # (route block, function, where), in order
    source_checks: tuple[tuple[str, Location], ...] = ()  # `if` lines testing the source address, per block
    switches: tuple[Switch, ...] = ()  # every #!define / #!ifdef line, in file order
    #: where a database URL with kamctl's shipped read-write password (kamailiorw) takes effect
    default_db_password: tuple[Location, ...] = ()
    #: unquoted template placeholders where Kamailio needs a number or an address (`listen=`, `port=`):
    #: `kamailio -c` refuses the file with a parse error there; (parameter, where)
    refused_templates: tuple[tuple[str, Location], ...] = ()

    def switch(self, name: str, *directives: str) -> Switch | None:
        """The first line naming `name` with one of `directives` (all when none given)."""
        return next(
            (s for s in self.switches if s.name == name and (not directives or s.directive in directives)),
            None,
        )

    def setting(self, name: str) -> Setting | None:
        found = [s for key, s in self.globals if key == name]
        return found[-1] if found else None

    def module(self, name: str) -> Location | None:
        return next((where for mod, where in self.modules if mod == name), None)

    def call(self, name: str) -> Location | None:
        return next((where for fn, where in self.calls if fn == name), None)


@dataclass(frozen=True, slots=True)
class SipFacts(ReportsListeners, ReferencesTls, ReportsMediaPorts):
    kamailio: KamailioConfig | None = None
    listens: tuple[SipListen, ...] = ()  # effective sockets of every SIP server found
    rtp_ranges: tuple[RtpRange, ...] = ()
    tls_sources: tuple[Setting, ...] = ()  # non-Kamailio TLS transports (pjsip, siprec)
    config_paths: tuple[str, ...] = ()
    issues: tuple[ParseIssue, ...] = ()
    #: SIPREC server env settings (names upper-cased; secret-named variables are never kept)
    siprec_settings: tuple[tuple[str, Setting], ...] = ()
    siprec_paths: tuple[str, ...] = ()
    tls_refs: tuple[TlsFileRef, ...] = ()
    #: Kamailio tls module cipher lists: (where it is set, e.g. `modparam tls cipher_list` or
    #: `[server:default] cipher_list`, the OpenSSL cipher string)
    tls_ciphers: tuple[tuple[str, Setting], ...] = ()
    #: Kamailio tls module methods, one per tls.cfg profile (or the module's own when there is no tls.cfg)
    tls_methods: tuple[TlsMethod, ...] = ()

    def tls_files(self) -> tuple[TlsFileRef, ...]:
        return self.tls_refs

    def siprec(self, name: str) -> Setting | None:
        found = [s for key, s in self.siprec_settings if key == name]
        return found[-1] if found else None

    def listeners(self) -> tuple[Listener, ...]:
        found = []
        for item in self.listens:
            if item.proto is SipTransport.SCTP:
                continue
            proto = IpProtocol.UDP if item.proto is SipTransport.UDP else IpProtocol.TCP
            purpose = "HTTP API" if item.proto is SipTransport.HTTP else f"SIP {item.proto}"
            found.append(Listener(item.service, item.address, item.port, proto, purpose, item.location))
        return tuple(found)
