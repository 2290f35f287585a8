"""nginx's compiled defaults and directive table by release, as typed data (issue 9: version-aware defaults).

Sources: src/http/modules/ngx_http_ssl_module.c and ngx_http_proxy_module.c at each release tag (the
`ngx_conf_merge_*` defaults), docs/xml/nginx/changes.xml (1.15.0: the `ssl` directive deprecated; 1.23.4:
TLSv1.3 enabled by default; 1.25.1: the `http2` directive, `listen ... http2` deprecated, `ssl` removed;
1.27.3: TLSv1 and TLSv1.1 disabled by default), and `directives.SPANS` (generated from the sources).

    release_for((1, 26, 3)).default("ssl_protocols") -> ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
    REFERENCE.knows("http2") -> False           # nginx 1.22.1 (Debian 12) refuses `http2 on;`
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.nginx.directives import SPANS

Version = tuple[int, ...]


def numbers(text: str) -> Version:
    return tuple(int(part) for part in text.split("."))


@dataclass(frozen=True, slots=True)
class DefaultSince:
    """From release `since` on (until a later entry for the same directive), nginx's compiled default of
    `directive` is `value` (as the directive's arguments are written)."""

    directive: str
    since: Version
    value: tuple[str, ...]


_BEFORE = (0,)  # every release Garrison judges (1.18 and later) has it

#: Every compiled default a rule relies on, per release range; the entries of one directive in order.
DEFAULTS: tuple[DefaultSince, ...] = (
    DefaultSince("ssl_protocols", _BEFORE, ("TLSv1", "TLSv1.1", "TLSv1.2")),
    DefaultSince("ssl_protocols", (1, 23, 4), ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")),
    DefaultSince("ssl_protocols", (1, 27, 3), ("TLSv1.2", "TLSv1.3")),
    DefaultSince("proxy_ssl_protocols", _BEFORE, ("TLSv1", "TLSv1.1", "TLSv1.2")),
    DefaultSince("proxy_ssl_protocols", (1, 23, 4), ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")),
    DefaultSince("proxy_ssl_protocols", (1, 27, 3), ("TLSv1.2", "TLSv1.3")),
    DefaultSince("ssl_ciphers", _BEFORE, ("HIGH:!aNULL:!MD5",)),
    DefaultSince("ssl_prefer_server_ciphers", _BEFORE, ("off",)),
    DefaultSince("ssl_session_tickets", _BEFORE, ("on",)),
    DefaultSince("ssl_ecdh_curve", _BEFORE, ("auto",)),
    DefaultSince("ssl_stapling", _BEFORE, ("off",)),
    DefaultSince("ssl_stapling_verify", _BEFORE, ("off",)),
    DefaultSince("server_tokens", _BEFORE, ("on",)),
    DefaultSince("autoindex", _BEFORE, ("off",)),
    DefaultSince("proxy_ssl_verify", _BEFORE, ("off",)),
    DefaultSince("grpc_ssl_verify", _BEFORE, ("off",)),
    DefaultSince("uwsgi_ssl_verify", _BEFORE, ("off",)),
    DefaultSince("http2", (1, 25, 1), ("off",)),
)


@dataclass(frozen=True, slots=True)
class Distribution:
    """A distribution release and the nginx it ships."""

    name: str
    nginx: Version


DISTRIBUTIONS: tuple[Distribution, ...] = (
    Distribution("Ubuntu 22.04", (1, 18, 0)),
    Distribution("Debian 12", (1, 22, 1)),
    Distribution("Ubuntu 24.04", (1, 24, 0)),
    Distribution("Debian 13", (1, 26, 3)),
)

#: `ssl on;`: deprecated in 1.15.0 (use `listen ... ssl`), removed in 1.25.1.
SSL_DIRECTIVE_DEPRECATED: Version = (1, 15, 0)
SSL_DIRECTIVE_REMOVED: Version = (1, 25, 1)
#: `listen ... http2`: deprecated in 1.25.1 in favour of the `http2` directive.
LISTEN_HTTP2_DEPRECATED: Version = (1, 25, 1)


@dataclass(frozen=True, slots=True)
class NginxRelease:
    """The nginx release judged by: its version and, from the tables above, its defaults and directives."""

    numbers: Version

    @property
    def text(self) -> str:
        return ".".join(str(n) for n in self.numbers)

    def at_least(self, version: Version) -> bool:
        return self.numbers >= version

    def default(self, directive: str) -> tuple[str, ...]:
        found: tuple[str, ...] = ()
        for entry in DEFAULTS:
            if entry.directive == directive and self.numbers >= entry.since:
                found = entry.value
        if not found:
            raise KeyError(f"no compiled default of {directive} is known")
        return found

    def knows(self, name: str) -> bool:
        """nginx of this release has directive `name` (for a name `SPANS` lists; others: crossplane's)."""
        span = SPANS.get(name)
        if span is None:
            return True
        since, until = span
        return (since is None or self.numbers >= numbers(since)) and (
            until is None or self.numbers < numbers(until)
        )

    def introduced(self, name: str) -> str | None:
        span = SPANS.get(name)
        return span[0] if span else None

    def removed(self, name: str) -> str | None:
        span = SPANS.get(name)
        return span[1] if span else None

    @property
    def distribution(self) -> str | None:
        for dist in DISTRIBUTIONS:
            if dist.nginx[:2] == self.numbers[:2]:
                return dist.name
        return None

    def label(self) -> str:
        dist = self.distribution
        return f"nginx {self.text}" + (f" ({dist})" if dist else "")


#: Judged by when the installed version is unknown: Debian 12's nginx.
REFERENCE = NginxRelease((1, 22, 1))


def release_for(version: Version | None) -> NginxRelease:
    return REFERENCE if not version else NginxRelease(tuple(version))
