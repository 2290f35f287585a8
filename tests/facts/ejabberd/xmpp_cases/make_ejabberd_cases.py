"""Regenerate the ejabberd rule case folders, then review the diff:

python tests/facts/ejabberd/xmpp_cases/make_ejabberd_cases.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from casegen import MK, ev, line_of, sub, write_case

GOOD = (MK / "ej_good.yml").read_text()
CTL = (MK / "ejctl_good.cfg").read_text()
Y = "etc/ejabberd/ejabberd.yml"
C = "etc/default/ejabberd"


def root(yml=GOOD, ctl=CTL, **more):
    files = {Y: yml, C: ctl}
    files.update(more)
    return files


def case(rule, name, files, evs=(), **kw):
    write_case(rule, name, files, [ev(files, rel, m) if m is not None else "/" + rel for rel, m in evs], **kw)


def simple(rule, fail_files, fail_evs, pass_files=None, pass_name="pass-hardened", fail_name="fail"):
    case(rule, pass_name, pass_files or root())
    case(rule, fail_name, fail_files, fail_evs)


R = "ejabberd.c2s-starttls-required"
case(R, "pass-hardened", root())
bot = '  -\n    port: 5232\n    ip: "127.0.0.1"\n    module: ejabberd_c2s\n    access: c2s\n'
case(R, "pass-cleartext-on-loopback-only", root(sub(GOOD, "listen:\n", "listen:\n" + bot)))
case(R, "pass-direct-tls", root(sub(GOOD, "    starttls_required: true\n", "    tls: true\n")))
f = root(sub(GOOD, "starttls_required: true", "starttls_required: false"))
case(R, "fail-starttls-false", f, [(Y, "starttls_required: false")])
f = root(sub(GOOD, "    starttls_required: true\n", ""))
case(R, "fail-unset-default", f, [(Y, "port: 5222")])
f = root(sub(GOOD, "starttls_required: true", 'starttls_required: "maybe"'))
case(R, "error-wrong-type", f, [(Y, 'starttls_required: "maybe"')])
f = root(sub(GOOD, "starttls_required: true", 'starttls_required: "{{ ejabberd_starttls_required }}"'))
case(R, "unknown-template-placeholder", f, [(Y, 'starttls_required: "{{')])
f = root(sub(GOOD, "starttls_required: true", "starttls_required: {{ ejabberd_starttls_required }}"))
case(R, "unknown-unquoted-template-placeholder", f, [(Y, "starttls_required: {{")])
f = root(
    sub(GOOD, "    module: ejabberd_s2s_in\n", "    module: ejabberd_s2s_in\n   max_stanza_size: [524288\n")
)
case(R, "error-yaml-syntax", f, [(Y, "   max_stanza_size: [524288")])
# include_config_file: listeners kept in a separate file
inc_main = sub(GOOD, GOOD[GOOD.index("listen:") : GOOD.index("s2s_use_starttls")], "")
inc_main = sub(
    inc_main,
    "loglevel: info\n",
    "loglevel: info\n\ninclude_config_file:\n  /etc/ejabberd/conf.d/listen.yml:\n    allow_only: [listen]\n",
)
listen = GOOD[GOOD.index("listen:") : GOOD.index("s2s_use_starttls")]
f = root(
    inc_main,
    **{
        "etc/ejabberd/conf.d/listen.yml": "# Listeners, managed by the deployment role\n"
        + listen.replace("    starttls_required: true\n", "    starttls_required: false\n")
    },
)
case(R, "fail-in-included-file", f, [("etc/ejabberd/conf.d/listen.yml", "starttls_required: false")])
f = root(
    inc_main, **{"etc/ejabberd/conf.d/listen.yml": "# Listeners, managed by the deployment role\n" + listen}
)
case(R, "pass-in-included-file", f)
loop = sub(GOOD, "loglevel: info\n", "loglevel: info\ninclude_config_file: /etc/ejabberd/ejabberd.yml\n")
case(R, "error-include-loop", root(loop), [(Y, "include_config_file")])
case(
    R,
    "error-listen-not-a-list",
    root(sub(GOOD, "listen:\n", "listen: 5222\nlisten_old:\n")),
    [(Y, "listen: 5222")],
)
case(R, "na-not-installed", {"etc/hostname": "chat\n"})
f = root(b"loglevel: info\x00\x00\x01binary")
case(R, "error-binary-config", f, [(Y, None)])

R = "ejabberd.c2s-protocol-options"
case(R, "pass-hardened", root())
case(R, "pass-library-default", root(sub(GOOD, "c2s_protocol_options: 'TLS_OPTIONS'\n", "")))
f = root(
    sub(
        GOOD,
        "    starttls_required: true\n",
        '    starttls_required: true\n    protocol_options:\n      - "no_sslv3"\n',
    )
)
case(
    R,
    "fail-listener-allows-tls1",
    f,
    [
        (
            Y,
            "protocol_options:",
        )
    ]
    if False
    else [(Y, "    protocol_options:")],
)
f = root(sub(GOOD, '    - "no_tlsv1_1"\n', ""))
case(R, "fail-macro-allows-tls11", f, [(Y, "'TLS_OPTIONS':")])

R = "ejabberd.s2s-protocol-options"
case(R, "pass-hardened", root())
f = root(sub(GOOD, "s2s_protocol_options: 'TLS_OPTIONS'", 's2s_protocol_options:\n  - "no_sslv3|no_tlsv1"'))
case(R, "fail-global-allows-tls11", f, [(Y, "s2s_protocol_options:")])
f = root(
    sub(
        GOOD,
        "    module: ejabberd_s2s_in\n",
        '    module: ejabberd_s2s_in\n    protocol_options:\n      - "no_sslv3"\n',
    )
)
case(R, "fail-listener", f, [(Y, "    protocol_options:")])

R = "ejabberd.s2s-use-starttls"
case(R, "pass-hardened", root())
case(
    R,
    "fail-optional",
    root(sub(GOOD, "s2s_use_starttls: required", "s2s_use_starttls: optional")),
    [(Y, "s2s_use_starttls: optional")],
)
case(R, "fail-unset-default", root(sub(GOOD, "s2s_use_starttls: required\n", "")), [(Y, None)])
hc = "host_config:\n  legacy.example.org:\n    s2s_use_starttls: optional\n"
case(
    R,
    "fail-host-config-override",
    root(sub(GOOD, "acme:\n", hc + "\nacme:\n")),
    [(Y, "s2s_use_starttls: optional")],
)
case(
    R,
    "error-invalid-value",
    root(sub(GOOD, "s2s_use_starttls: required", "s2s_use_starttls: sometimes")),
    [(Y, "s2s_use_starttls: sometimes")],
)

R = "ejabberd.tls-ciphers"
case(R, "pass-hardened", root())
f = root(sub(GOOD, "c2s_ciphers: 'TLS_CIPHERS'", 'c2s_ciphers: "HIGH:RC4-SHA:DES-CBC3-SHA"'))
case(R, "fail-rc4-3des", f, [(Y, "c2s_ciphers:")])

R = "ejabberd.certfiles"
case(R, "pass-hardened", root())
nocert = sub(
    GOOD,
    'certfiles:\n  - "/etc/letsencrypt/live/chat.example.org/fullchain.pem"\n  - "/etc/letsencrypt/live/chat.example.org/privkey.pem"\n',  # noqa: E501 (fixture text)
    "",
)
acme_listener = '  -\n    port: 80\n    ip: "::"\n    module: ejabberd_http\n    request_handlers:\n      /.well-known/acme-challenge: ejabberd_acme\n'  # noqa: E501 (fixture text)
case(R, "pass-acme", root(sub(nocert, "listen:\n", "listen:\n" + acme_listener)))
case(R, "fail-no-certificate", root(nocert), [(Y, None)])

R = "ejabberd.auth-password-format"
case(R, "pass-hardened", root())
case(
    R,
    "fail-plain",
    root(sub(GOOD, "auth_password_format: scram", "auth_password_format: plain")),
    [(Y, "auth_password_format: plain")],
)
case(R, "fail-unset-default", root(sub(GOOD, "auth_password_format: scram\n", "")), [(Y, None)])
hc = "host_config:\n  legacy.example.org:\n    auth_password_format: plain\n"
f = root(
    sub(
        sub(GOOD, "  - chat.example.org\n", "  - chat.example.org\n  - legacy.example.org\n"),
        "acme:\n",
        hc + "\nacme:\n",
    )
)
case(R, "fail-host-config-override", f, [(Y, "auth_password_format: plain")])
case(
    R,
    "pass-ldap",
    root(
        sub(
            sub(GOOD, "auth_password_format: scram\n", ""),
            "loglevel: info\n",
            'loglevel: info\nauth_method: [ldap]\nldap_servers: ["ldap.example.org"]\n',
        )
    ),
)

R = "ejabberd.sasl-digest-md5"
nolist = sub(GOOD, 'disable_sasl_mechanisms:\n  - "digest-md5"\n  - "X-OAUTH2"\n', "")
case(R, "pass-hardened", root())
case(R, "pass-scram-storage", root(nolist))
f = root(sub(nolist, "auth_password_format: scram", "auth_password_format: plain"))
case(R, "fail-plain-storage", f, [(Y, None)])

R = "ejabberd.disable-sasl-mechanisms"
case(R, "pass-hardened", root())
case(R, "fail-oauth-not-disabled", root(sub(GOOD, '  - "X-OAUTH2"\n', "")), [(Y, "disable_sasl_mechanisms:")])
case(R, "fail-unset", root(nolist), [(Y, None)])

R = "ejabberd.mod-fail2ban"
nof2b = sub(GOOD, "  mod_fail2ban:\n    c2s_auth_ban_lifetime: 6h\n    c2s_max_auth_failures: 5\n", "")
case(R, "pass-hardened", root())
case(R, "fail-not-loaded", root(nof2b), [(Y, "modules:")])

R = "ejabberd.fail2ban-limits"
case(R, "pass-hardened", root())
case(R, "pass-seconds", root(sub(GOOD, "c2s_auth_ban_lifetime: 6h", "c2s_auth_ban_lifetime: 86400")))
f = root(
    sub(
        GOOD,
        "  mod_fail2ban:\n    c2s_auth_ban_lifetime: 6h\n    c2s_max_auth_failures: 5\n",
        "  mod_fail2ban: {}\n",
    )
)
case(R, "fail-defaults", f, [(Y, "mod_fail2ban: {}")])
case(
    R,
    "fail-short-ban",
    root(sub(GOOD, "c2s_auth_ban_lifetime: 6h", 'c2s_auth_ban_lifetime: "1 hour"')),
    [(Y, "c2s_auth_ban_lifetime")],
)
case(R, "na-module-not-loaded", root(nof2b))
case(
    R,
    "error-bad-duration",
    root(sub(GOOD, "c2s_auth_ban_lifetime: 6h", "c2s_auth_ban_lifetime: soon")),
    [(Y, "c2s_auth_ban_lifetime")],
)

R = "ejabberd.registration-open"
case(R, "pass-hardened", root())
case(R, "pass-not-loaded", root(sub(GOOD, "  mod_register:\n    ip_access: trusted_network\n", "")))
case(
    R,
    "fail-defaults",
    root(
        sub(
            GOOD,
            "  mod_register:\n    ip_access: trusted_network\n",
            '  mod_register:\n    welcome_message:\n      subject: "Welcome!"\n',
        )
    ),
    [(Y, "mod_register:")],
)
hc = "append_host_config:\n  guests.example.org:\n    modules:\n      mod_register:\n        access: all\n"
case(R, "fail-host-section", root(sub(GOOD, "acme:\n", hc + "\nacme:\n")), [(Y, "      mod_register:")])
case(
    R,
    "fail-ip-access-all",
    root(sub(GOOD, "ip_access: trusted_network", "ip_access: all")),
    [(Y, "mod_register:")],
)
f = root(
    sub(
        sub(GOOD, "ip_access: trusted_network", "ip_access: register_anywhere"),
        "  trusted_network:\n",
        "  register_anywhere:\n    allow: all\n  trusted_network:\n",
    )
)
case(R, "fail-access-rule-allows-all", f, [(Y, "mod_register:")])

pub_admin = sub(GOOD, 'ip: "172.16.0.10"', 'ip: "::"')
R = "ejabberd.web-admin-not-public"
case(R, "pass-internal-address", root())
f = root(pub_admin)
write_case(R, "fail-all-interfaces", f, [f"/{Y}:{line_of(f[Y], 'port: 6443') + 1}"])
R = "ejabberd.http-api-not-public"
case(R, "pass-internal-address", root())
f = root(
    sub(
        GOOD, "      /upload: mod_http_upload\n", "      /upload: mod_http_upload\n      /api: mod_http_api\n"
    )
)
write_case(R, "fail-all-interfaces", f, [f"/{Y}:{line_of(f[Y], 'port: 5443') + 1}"])

R = "ejabberd.mqtt-disabled"
case(R, "pass-hardened", root())
case(
    R,
    "fail-module-loaded",
    root(sub(GOOD, "  mod_mam:\n", "  mod_mqtt: {}\n  mod_mam:\n")),
    [(Y, "mod_mqtt: {}")],
)
case(
    R,
    "fail-listener",
    root(
        sub(
            GOOD,
            "listen:\n",
            'listen:\n  -\n    port: 1883\n    ip: "::"\n    module: mod_mqtt\n    backlog: 1000\n',
        )
    ),
    [(Y, "port: 1883")],
)

R = "ejabberd.port-5280-listener"
l5280 = '  -\n    port: 5280\n    ip: "{ip}"\n    module: ejabberd_http\n    tls: true\n    request_handlers:\n      /admin: ejabberd_web_admin\n      /.well-known/acme-challenge: ejabberd_acme\n'  # noqa: E501 (fixture text)
case(R, "pass-hardened", root())
case(R, "pass-loopback", root(sub(GOOD, "listen:\n", "listen:\n" + l5280.format(ip="127.0.0.1"))))
case(
    R,
    "fail-all-interfaces",
    root(sub(GOOD, "listen:\n", "listen:\n" + l5280.format(ip="::"))),
    [(Y, 'ip: "::"')],
)

R = "ejabberd.http-listener-loopback"
case(R, "pass-hardened", root())
case(R, "pass-acme-only", root(sub(GOOD, "listen:\n", "listen:\n" + acme_listener)))
case(
    R,
    "fail-proxied-port-public",
    root(sub(GOOD, 'port: 8444\n    ip: "127.0.0.1"', 'port: 8444\n    ip: "0.0.0.0"')),
    [(Y, 'ip: "0.0.0.0"')],
)

R = "ejabberd.acme-challenge-listener"
case(R, "pass-auto-off", root())
noacme = sub(GOOD, "acme:\n  auto: false\n", "")
case(R, "pass-handler", root(sub(noacme, "listen:\n", "listen:\n" + acme_listener)))
case(R, "fail-no-handler", root(noacme), [(Y, None)])

R = "ejabberd.api-permissions"
case(R, "pass-hardened", root())
case(
    R,
    "fail-console-commands-from-anywhere",
    root(sub(GOOD, "    from:\n      - ejabberd_ctl\n", "")),
    [(Y, '"console commands":')],
)
f = root(sub(GOOD, "          - acl: loopback\n          - acl: admin\n", "          - acl: all\n"))
case(R, "fail-access-allows-all", f, [(Y, '"admin access":')])

noerl = (
    "\n".join(
        entry
        for entry in CTL.splitlines()
        if not entry.startswith(("INET_DIST_INTERFACE", "ERL_DIST_PORT", "ERL_EPMD_ADDRESS"))
    )
    + "\n"
)
R = "ejabberd.erlang-dist-interface"
case(R, "pass-loopback", root())
case(R, "fail-unset", root(ctl=noerl), [(C, None)])
case(
    R,
    "fail-all-interfaces",
    root(ctl=sub(CTL, "INET_DIST_INTERFACE=127.0.0.1", "INET_DIST_INTERFACE=0.0.0.0")),
    [(C, "INET_DIST_INTERFACE=0.0.0.0")],
)
inst = {"opt/ejabberd/conf/ejabberd.yml": GOOD}
case(R, "fail-installer-no-ctl", inst, [("opt/ejabberd/conf/ejabberdctl.cfg", None)])
inst2 = {"opt/ejabberd/conf/ejabberd.yml": GOOD, "opt/ejabberd/conf/ejabberdctl.cfg": CTL}
case(R, "pass-installer-layout", inst2)

R = "ejabberd.epmd-address"
case(R, "pass-loopback", root())
case(R, "pass-fixed-dist-port", root(ctl=sub(CTL, "ERL_EPMD_ADDRESS=127.0.0.1\n", "")))
case(R, "fail-unset", root(ctl=noerl), [(C, None)])
case(
    R,
    "fail-public",
    root(
        ctl=sub(
            sub(CTL, "ERL_DIST_PORT=5210\n", "#ERL_DIST_PORT=5210\n"),
            "ERL_EPMD_ADDRESS=127.0.0.1",
            "ERL_EPMD_ADDRESS=0.0.0.0",
        )
    ),
    [(C, "ERL_EPMD_ADDRESS=0.0.0.0")],
)

R = "ejabberd.erlang-dist-port"
case(R, "pass-fixed", root())
case(R, "fail-unset", root(ctl=noerl), [(C, None)])
case(
    R,
    "fail-not-a-number",
    root(ctl=sub(CTL, "ERL_DIST_PORT=5210", "ERL_DIST_PORT=auto")),
    [(C, "ERL_DIST_PORT=auto")],
)

R = "ejabberd.loglevel"
case(R, "pass-info", root())
case(R, "fail-debug", root(sub(GOOD, "loglevel: info", "loglevel: debug")), [(Y, "loglevel: debug")])
case(
    R, "error-unknown-level", root(sub(GOOD, "loglevel: info", "loglevel: chatty")), [(Y, "loglevel: chatty")]
)

R = "ejabberd.config-secrets-mode"
sql = sub(
    GOOD,
    "auth_password_format: scram\n",
    'auth_password_format: scram\n\nsql_type: pgsql\nsql_server: "localhost"\nsql_database: "ejabberd"\nsql_username: "ejabberd"\nsql_password: "Planted-Sql-Secret-4711"\ndefault_db: sql\n',  # noqa: E501 (fixture text)
)
case(R, "pass-no-secrets", root())
write_case(
    R,
    "pass-restricted-mode",
    root(sql),
    extra='secret_absent = "Planted-Sql-Secret-4711"\n[modes]\n"etc/ejabberd/ejabberd.yml" = "0640"',
)
f = root(sql)
write_case(
    R,
    "fail-world-readable",
    f,
    [ev(f, Y, "sql_password:")],
    extra='secret_absent = "Planted-Sql-Secret-4711"\n[modes]\n"etc/ejabberd/ejabberd.yml" = "0644"',
)
print("ok")

R = "ejabberd.proxied-listener-loopback"
NGINX = """user www-data;
worker_processes auto;
pid /run/nginx.pid;

events {
	worker_connections 768;
}

http {
	sendfile on;
	default_type application/octet-stream;
%(upstream)s
	server {
		listen 443 ssl;
		listen [::]:443 ssl;
		server_name chat.example.org;
		ssl_certificate /etc/letsencrypt/live/chat.example.org/fullchain.pem;
		ssl_certificate_key /etc/letsencrypt/live/chat.example.org/privkey.pem;

		location /register/ {
			proxy_pass %(target)s;
			proxy_set_header Host $host;
		}
	}
}
"""
N = "etc/nginx/nginx.conf"
case(R, "pass-no-web-server", root())
f = root(**{N: NGINX % {"upstream": "", "target": "http://127.0.0.1:8444/register/"}})
case(R, "pass-loopback-backend", f)
pub = sub(GOOD, 'port: 8444\n    ip: "127.0.0.1"', 'port: 8444\n    ip: "::"')
f = root(pub, **{N: NGINX % {"upstream": "", "target": "http://127.0.0.1:8444/register/"}})
write_case(R, "fail-public-backend", f, [f"/{Y}:{line_of(pub, 'port: 8444') + 1}", ev(f, N, "proxy_pass")])
up = "\n\tupstream ejabberd_web {\n\t\tserver localhost:8444;\n\t}\n"
f = root(pub, **{N: NGINX % {"upstream": up, "target": "http://ejabberd_web"}})
write_case(
    R,
    "fail-through-upstream",
    f,
    [f"/{Y}:{line_of(pub, 'port: 8444') + 1}", ev(f, N, "server localhost:8444")],
)
f = root(
    pub,
    **{
        N: (NGINX % {"upstream": "", "target": "http://127.0.0.1:8444/"}).replace(
            "http {", "http {\n\tinclude /etc/nginx/mime.types;"
        )
    },
)
write_case(
    R,
    "fail-judged-despite-broken-nginx-config",
    f,
    [f"/{Y}:{line_of(pub, 'port: 8444') + 1}", ev(f, N, "proxy_pass http://127.0.0.1:8444/")],
    message="nginx would refuse",
)
print("ok proxy")
