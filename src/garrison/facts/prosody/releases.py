"""What differs between the Prosody releases Garrison knows: 0.11 (Debian 11, Ubuntu 22.04), 0.12 (Debian 12,
the reference) and 13.0 (Debian 13, Ubuntu 25.04).

Sources, read at the tags 0.11.14, 0.12.3 and 13.0.1 of Prosody's repository:
- plugins/mod_tls.lua: c2s_require_encryption / s2s_require_encryption default to nothing (off) in 0.11
  and to true from 0.12; s2s_secure_auth stays false;
- core/certmanager.lua: 0.11 has no tls_profile (LuaSec's core default protocol "tlsv1+" applies); 0.12
  ignores an unknown tls_profile (the core default "tlsv1+" again); 13.0 refuses it (no TLS context);
- plugins/mod_bosh.lua, mod_websocket.lua: cross_domain_bosh / cross_domain_websocket give the allowed
  origins in 0.11 (true: any); 0.12 and 13.0 only log that they are deprecated (mod_http's CORS decides);
- util/prosodyctl/check.lua (prosodyctl in 0.11): the obsolete and deprecated options and the options that
  are only read in the global section;
- core/usermanager.lua: the default authentication provider is internal_plain in 0.11, internal_hashed
  from 0.12;
- core/portmanager.lua: `<service>_interface` and `interface` (singular) are still read after the plural
  option ("COMPAT w/pre-0.9"), in every release;
- plugins/mod_auth_*.lua: the bundled authentication providers.
The option names each release's own code reads are in data/xmpp/prosody_options.toml (`options`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Series(StrEnum):
    V0_11 = "0.11"
    V0_12 = "0.12"
    V13_0 = "13.0"


@dataclass(frozen=True, slots=True)
class ProsodyRelease:
    """The built-in behaviour of one release series that Garrison's rules judge by."""

    series: Series
    numbers: tuple[int, int]
    c2s_require_encryption: bool
    s2s_require_encryption: bool
    s2s_secure_auth: bool
    authentication: str  # core/usermanager.lua's default provider
    tls_profile: bool  # the tls_profile option exists (0.12+)
    unknown_profile_refused: bool  # an unknown tls_profile leaves no TLS context (13.0) vs falls back
    cross_domain_honoured: bool  # cross_domain_bosh/_websocket set the allowed origins (0.11)
    auth_providers: frozenset[str]
    obsolete: frozenset[str]  # options the release no longer reads at all
    deprecated: Mapping[str, str]  # still read (or logged), with what to use instead
    global_only: frozenset[str]  # read only in the global section

    @property
    def name(self) -> str:
        return f"Prosody {self.series.value}"


_OBSOLETE_012 = frozenset(
    {
        "archive_cleanup_interval",
        "dns_timeout",
        "muc_log_cleanup_interval",
        "s2s_dns_resolvers",
        "setgid",
        "setuid",
    }
)
_PORT_RENAMES = {"bosh": "http", "legacy_ssl": "c2s_direct_tls"}


def _deprecated(*extra: tuple[str, str], ports: bool = True) -> Mapping[str, str]:
    found = {
        "anonymous_login": 'authentication = "anonymous"',
        "disallow_s2s": 'modules_disabled = { "s2s" }',
        "require_encryption": "c2s_require_encryption and s2s_require_encryption",
        "use_libevent": 'network_backend = "event"',
        "no_daemonize": "the --foreground command line flag",
        **dict(extra),
    }
    for old, new in _PORT_RENAMES.items() if ports else ():
        for suffix in ("port", "ports", "interface", "interfaces", "ssl"):
            plural = suffix + "s" if suffix in ("port", "interface") else suffix
            found[f"{old}_{suffix}"] = f"{new}_{plural}"
    found["interface"] = "interfaces"
    return MappingProxyType(found)


_ALLOWLISTS = (
    ("whitelist_registration_only", "allowlist_registration_only"),
    ("registration_whitelist", "registration_allowlist"),
    ("registration_blacklist", "registration_blocklist"),
    ("blacklist_on_registration_throttle_overload", "blocklist_on_registration_throttle_overload"),
)
_CROSS_DOMAIN = (
    ("cross_domain_bosh", "http_cors_override (mod_http's CORS settings)"),
    ("cross_domain_websocket", "http_cors_override (mod_http's CORS settings)"),
)
_GLOBAL_011 = frozenset(
    [
        "pidfile",
        "log",
        "plugin_paths",
        "prosody_user",
        "prosody_group",
        "daemonize",
        "umask",
        "prosodyctl_timeout",
        "use_ipv6",
        "use_libevent",
        "network_settings",
        "network_backend",
        "http_default_host",
        "gc",
        "limits",
        "statistics_interval",
        "statistics",
        "statistics_config",
    ]
)
_GLOBAL_012 = _GLOBAL_011 | frozenset(
    [
        "access_control_allow_credentials",
        "access_control_allow_headers",
        "access_control_allow_methods",
        "access_control_max_age",
        "admin_socket",
        "body_size_limit",
        "bosh_max_inactivity",
        "bosh_max_polling",
        "bosh_max_wait",
        "buffer_size_limit",
        "c2s_close_timeout",
        "c2s_stanza_size_limit",
        "c2s_tcp_keepalives",
        "c2s_timeout",
        "component_stanza_size_limit",
        "component_tcp_keepalives",
        "consider_bosh_secure",
        "consider_websocket_secure",
        "console_banner",
        "console_prettyprint_settings",
        "http_errors_always_show",
        "http_errors_default_message",
        "http_errors_detailed",
        "http_errors_messages",
        "http_max_buffer_size",
        "http_max_content_size",
        "installer_plugin_path",
        "limits_resolution",
        "multiplex_buffer_size",
        "network_default_read_size",
        "openmetrics_allow_cidr",
        "openmetrics_allow_ips",
        "plugin_server",
        "run_as_root",
        "s2s_close_timeout",
        "s2s_insecure_domains",
        "s2s_require_encryption",
        "s2s_secure_auth",
        "s2s_secure_domains",
        "s2s_stanza_size_limit",
        "s2s_tcp_keepalives",
        "s2s_timeout",
        "tcp_keepalives",
        "tls_profile",
        "trusted_proxies",
        "use_dane",
        "use_ipv4",
        "websocket_frame_buffer_limit",
        "websocket_frame_fragment_limit",
        "websocket_get_response_body",
        "websocket_get_response_text",
    ]
) - {"use_libevent"}
_AUTH_011 = frozenset({"internal_hashed", "internal_plain", "anonymous", "cyrus", "insecure"})

RELEASES: tuple[ProsodyRelease, ...] = (
    ProsodyRelease(
        Series.V0_11,
        (0, 11),
        c2s_require_encryption=False,
        s2s_require_encryption=False,
        s2s_secure_auth=False,
        authentication="internal_plain",
        tls_profile=False,
        unknown_profile_refused=False,
        cross_domain_honoured=True,
        auth_providers=_AUTH_011,
        obsolete=frozenset(),
        deprecated=_deprecated(("vcard_compatibility", "mod_compat_vcard from prosody-modules"), ports=False),
        global_only=_GLOBAL_011,
    ),
    ProsodyRelease(
        Series.V0_12,
        (0, 12),
        c2s_require_encryption=True,
        s2s_require_encryption=True,
        s2s_secure_auth=False,
        authentication="internal_hashed",
        tls_profile=True,
        unknown_profile_refused=False,
        cross_domain_honoured=False,
        auth_providers=(_AUTH_011 - {"cyrus"}) | {"ldap"},
        obsolete=_OBSOLETE_012 | {"cross_domain_bosh", "cross_domain_websocket"},
        deprecated=_deprecated(
            *_ALLOWLISTS, ("daemonize", "the --daemonize/--foreground command line flags")
        ),
        global_only=_GLOBAL_012,
    ),
    ProsodyRelease(
        Series.V13_0,
        (13, 0),
        c2s_require_encryption=True,
        s2s_require_encryption=True,
        s2s_secure_auth=False,
        authentication="internal_hashed",
        tls_profile=True,
        unknown_profile_refused=True,
        cross_domain_honoured=False,
        auth_providers=(_AUTH_011 - {"cyrus"}) | {"ldap"},
        obsolete=_OBSOLETE_012,
        deprecated=_deprecated(*_ALLOWLISTS, *_CROSS_DOMAIN, ("daemonize", "the --daemonize flag")),
        global_only=_GLOBAL_012 | {"network_settings"},
    ),
)
BY_SERIES: Mapping[Series, ProsodyRelease] = MappingProxyType({r.series: r for r in RELEASES})
REFERENCE = BY_SERIES[Series.V0_12]
REFERENCE_VERSION = "0.12.3"  # Debian 12's


def release_of(numbers: tuple[int, ...]) -> ProsodyRelease | None:
    """The known series of an installed version ((0, 12, 3) -> 0.12), None for a series Garrison lacks."""
    return next((r for r in RELEASES if numbers[:2] == r.numbers), None)
