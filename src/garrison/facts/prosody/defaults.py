"""Prosody's built-in defaults for the options Garrison judges: Prosody 0.12.3 (Debian 12 bookworm), the
reference when the installed version is unknown; what differs in 0.11 and 13.0 is in `releases`.

Sources (read in /usr/lib/prosody of prosody 0.12.3-1+deb12u1):
- core/portmanager.lua: services listen on `<svc>_interfaces`, else `interfaces`, else "*" and "::";
  private services (console, component) use `local_interfaces`, default 127.0.0.1 and ::1;
- core/certmanager.lua: tls_profile "intermediate" gives protocol "tlsv1_2+"; "legacy" or an unknown
  profile leaves the core default "tlsv1+";
- mod_tls: c2s_require_encryption (falling back to require_encryption) and s2s_require_encryption default
  true; s2s_secure_auth forces s2s encryption on;
- mod_c2s / mod_s2s: stanza size limits 256 KiB / 512 KiB; mod_saslauth: authentication "internal_hashed";
- mod_register_ibr: allow_registration false; mod_invites_register: registration_invite_only true;
- mod_mam: archive_expires_after "1w"; mod_bosh / mod_websocket: consider_*_secure false;
- mod_admin_telnet: console port 5582; mod_component: port 5347.
"""

from __future__ import annotations

VERSION = "Prosody 0.12.3"

C2S_REQUIRE_ENCRYPTION = True
S2S_REQUIRE_ENCRYPTION = True
S2S_SECURE_AUTH = False
AUTHENTICATION = "internal_hashed"
ALLOW_REGISTRATION = False
REGISTRATION_INVITE_ONLY = True  # mod_invites_register
C2S_STANZA_SIZE_LIMIT = 256 * 1024
S2S_STANZA_SIZE_LIMIT = 512 * 1024
TLS_PROFILE = "intermediate"
TLS_PROFILE_PROTOCOLS = {"modern": "tlsv1_3", "intermediate": "tlsv1_2+", "old": "tlsv1+", "legacy": "tlsv1+"}
ARCHIVE_EXPIRES_AFTER = "1w"
CERTIFICATES_DIR = "certs"
CONSIDER_BOSH_SECURE = False
CONSIDER_WEBSOCKET_SECURE = False

ALL_INTERFACES: tuple[str, ...] = ("*", "::")
LOCAL_INTERFACES: tuple[str, ...] = ("127.0.0.1", "::1")
#: service -> (ports option, default ports, interfaces option, default interfaces, purpose)
PORTS: dict[str, tuple[str, tuple[int, ...], str, tuple[str, ...] | None, str]] = {
    "c2s": ("c2s_ports", (5222,), "c2s_interfaces", None, "c2s"),
    "c2s_direct_tls": ("c2s_direct_tls_ports", (), "c2s_direct_tls_interfaces", None, "c2s direct TLS"),
    "legacy_ssl": ("legacy_ssl_ports", (), "legacy_ssl_interfaces", None, "c2s legacy TLS"),
    "s2s": ("s2s_ports", (5269,), "s2s_interfaces", None, "s2s"),
    "http": ("http_ports", (5280,), "http_interfaces", None, "http"),
    "https": ("https_ports", (5281,), "https_interfaces", None, "https"),
    "component": ("component_ports", (5347,), "component_interfaces", LOCAL_INTERFACES, "component"),
    "console": ("console_ports", (5582,), "console_interfaces", LOCAL_INTERFACES, "admin console"),
}

#: Modules that serve HTTP (they open http_ports/https_ports).
HTTP_MODULES = frozenset(
    {
        "bosh",
        "websocket",
        "http_file_share",
        "http_upload",
        "http_openmetrics",
        "admin_web",
        "http_admin_api",
        "admin_rest",
        "rest",
        "invites_page",
        "register_web",
        "conversejs",
        "http_files",
        "pastebin",
    }
)
#: Modules that expose administration over HTTP.
HTTP_ADMIN_MODULES = frozenset({"admin_web", "http_admin_api", "admin_rest", "rest", "http_openmetrics"})
