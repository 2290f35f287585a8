"""ejabberd's built-in defaults for the options Garrison judges: ejabberd 23.01 (Debian 12 bookworm).

The same in every release from 21.12 to 24.12 (read at each tag; option names differ: `options`).

Sources: ejabberd_options.erl / docs.ejabberd.im 23.01 (listen `ip` 0.0.0.0, starttls_required false,
s2s_use_starttls false, auth_password_format plain, disable_sasl_mechanisms [], loglevel info,
acme auto true), mod_fail2ban (c2s_max_auth_failures 20, c2s_auth_ban_lifetime 1 hour), mod_register
(access all, ip_access all) and ejabberdctl.cfg (INET_DIST_INTERFACE, ERL_EPMD_ADDRESS unset: every
interface; ERL_DIST_PORT unset: a random port registered with epmd).
"""

from __future__ import annotations

VERSION = "ejabberd 23.01"

LISTEN_IP = "0.0.0.0"  # ejabberd_listener:prepare_opts/1, 21.12 to 24.12
STARTTLS_REQUIRED = False
S2S_USE_STARTTLS = "false"
AUTH_PASSWORD_FORMAT = "plain"
LOGLEVEL = "info"
ACME_AUTO = True
FAIL2BAN_MAX_AUTH_FAILURES = 20
FAIL2BAN_BAN_LIFETIME_S = 3600
REGISTER_ACCESS = "all"
REGISTER_IP_ACCESS = "all"

#: The guide's sane bounds for mod_fail2ban (guide 002: five failures, a six-hour ban).
GUIDE_MAX_AUTH_FAILURES = 5
GUIDE_BAN_LIFETIME_S = 6 * 3600

CONFIG_PATHS: tuple[str, ...] = (
    "/etc/ejabberd/ejabberd.yml",
    "/opt/ejabberd/conf/ejabberd.yml",
    "/usr/local/etc/ejabberd/ejabberd.yml",
)
#: Debian's postinst writes ejabberdctl.cfg to /etc/default/ejabberd (/etc/ejabberd/ejabberdctl.cfg links
#: there); the ProcessOne installer keeps it in /opt/ejabberd/conf.
CTL_PATHS: tuple[str, ...] = (
    "/etc/default/ejabberd",
    "/etc/ejabberd/ejabberdctl.cfg",
    "/opt/ejabberd/conf/ejabberdctl.cfg",
    "/usr/local/etc/ejabberd/ejabberdctl.cfg",
)
EPMD_PORT = 4369

#: Top-level options whose values are merged key by key (maps) or appended (listen) across included files.
MERGED_MAPS = frozenset(
    {
        "modules",
        "acl",
        "access_rules",
        "shaper_rules",
        "api_permissions",
        "define_macro",
        "host_config",
        "append_host_config",
        "shaper",
        "oauth_access",
    }
)
