"""Regenerate the Prosody rule case folders, then review the diff:

python tests/facts/ejabberd/xmpp_cases/make_prosody_cases.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from casegen import MK, ev, sub, write_case

GOOD = (MK / "pr_good.lua").read_text()
CRT = (MK / "chat.crt").read_text()
KEY = (MK / "chat.key").read_text()
P = "etc/prosody/prosody.cfg.lua"
CERTS = {"etc/prosody/certs/chat.example.org.crt": CRT, "etc/prosody/certs/chat.example.org.key": KEY}


def root(cfg=GOOD, certs=True, **more):
    files = {P: cfg}
    if certs:
        files.update(CERTS)
    files.update(more)
    return files


def case(rule, name, files, evs=(), **kw):
    write_case(rule, name, files, [ev(files, rel, m) if m is not None else "/" + rel for rel, m in evs], **kw)


VH = 'VirtualHost "chat.example.org"\n'

R = "prosody.c2s-require-encryption"
case(R, "pass-hardened", root())
case(R, "pass-default", root(sub(GOOD, "c2s_require_encryption = true\n", "")))
case(
    R,
    "fail-false",
    root(sub(GOOD, "c2s_require_encryption = true", "c2s_require_encryption = false")),
    [(P, "c2s_require_encryption = false")],
)
f = root(sub(GOOD, VH, VH + "\tc2s_require_encryption = false -- legacy clients\n"))
f2 = root(sub(GOOD, "c2s_require_encryption = true", "require_encryption = false -- pre-0.10 option name"))
case(R, "fail-legacy-require-encryption", f2, [(P, "require_encryption = false")])
case(R, "fail-virtualhost-override", f, [(P, "c2s_require_encryption = false")])
f = root(sub(GOOD, "c2s_require_encryption = true", 'c2s_require_encryption = "maybe"'))
case(R, "error-wrong-type", f, [(P, 'c2s_require_encryption = "maybe"')])
f = root(
    sub(GOOD, "c2s_require_encryption = true", 'c2s_require_encryption = "{{ prosody_c2s_encryption }}"')
)
case(R, "unknown-template-placeholder", f, [(P, "c2s_require_encryption = ")])
f = root(sub(GOOD, "c2s_require_encryption = true", "c2s_require_encryption = {{ prosody_c2s_encryption }}"))
case(R, "unknown-unquoted-template-placeholder", f, [(P, "c2s_require_encryption = ")])
f = root(sub(GOOD, "limits = {\n\tc2s = {", "limits = {\n\tc2s = {{"))
case(R, "error-lua-syntax", f, [(P, "c2s_stanza_size_limit")])
inc = sub(GOOD, VH, 'Include "conf.d/*.cfg.lua"\n')
host = '-- Section for chat.example.org\n\nVirtualHost "chat.example.org"\n\tc2s_require_encryption = false\n'
f = root(inc, **{"etc/prosody/conf.d/chat.example.org.cfg.lua": host})
case(
    R,
    "fail-in-included-file",
    f,
    [("etc/prosody/conf.d/chat.example.org.cfg.lua", "c2s_require_encryption = false")],
)
f = root(inc, **{"etc/prosody/conf.d/chat.example.org.cfg.lua": host.replace("false", "true")})
case(R, "pass-in-included-file", f)
loop = sub(GOOD, VH, 'Include "prosody.cfg.lua"\n' + VH)
case(R, "error-include-loop", root(loop), [(P, 'Include "prosody.cfg.lua"')])
case(
    R,
    "error-missing-include",
    root(sub(GOOD, VH, 'Include "/etc/prosody/hosts/chat.cfg.lua"\n' + VH)),
    [(P, 'Include "/etc/prosody/hosts')],
)
case(
    R,
    "error-missing-include-directory",
    root(sub(GOOD, VH, 'Include "conf.d/*.cfg.lua"\n' + VH)),
    [(P, 'Include "conf.d')],
)
case(R, "na-not-installed", {"etc/hostname": "chat\n"})

R = "prosody.s2s-require-encryption"
case(R, "pass-hardened", root())
nosa = sub(GOOD, "s2s_secure_auth = true", "s2s_secure_auth = false")
case(
    R,
    "fail-false",
    root(sub(nosa, "s2s_require_encryption = true", "s2s_require_encryption = false")),
    [(P, "s2s_require_encryption = false")],
)
case(
    R,
    "pass-forced-by-secure-auth",
    root(sub(GOOD, "s2s_require_encryption = true", "s2s_require_encryption = false")),
)

R = "prosody.s2s-secure-auth"
case(R, "pass-hardened", root())
case(R, "fail-default", root(sub(GOOD, "s2s_secure_auth = true\n", "")), [(P, None)])
f = root(
    sub(
        GOOD,
        "s2s_secure_auth = true\n",
        's2s_secure_auth = true\ns2s_insecure_domains = { "legacy.example.net" }\n',
    )
)
case(R, "fail-insecure-domains", f, [(P, "s2s_insecure_domains")])

R = "prosody.tls-protocol"
case(R, "pass-profile-intermediate", root())
case(R, "pass-default-profile", root(sub(GOOD, 'tls_profile = "intermediate"\n', "")))
case(
    R,
    "pass-explicit-protocol",
    root(sub(GOOD, 'tls_profile = "intermediate"\n', 'ssl = {\n\tprotocol = "tlsv1_2+";\n}\n')),
)
case(
    R,
    "fail-unknown-profile",
    root(sub(GOOD, 'tls_profile = "intermediate"', 'tls_profile = "strict"')),
    [(P, 'tls_profile = "strict"')],
)
case(
    R,
    "fail-old-profile",
    root(sub(GOOD, 'tls_profile = "intermediate"', 'tls_profile = "old"')),
    [(P, 'tls_profile = "old"')],
)
f = root(sub(GOOD, VH, VH + '\tssl = {\n\t\tprotocol = "tlsv1+";\n\t}\n'))
case(R, "fail-virtualhost-ssl", f, [(P, "\tssl = {")])
case(
    R,
    "error-wrong-type",
    root(sub(GOOD, 'tls_profile = "intermediate"', "tls_profile = 2")),
    [(P, "tls_profile = 2")],
)

R = "prosody.tls-ciphers"
case(R, "pass-hardened", root())
f = root(sub(GOOD, 'tls_profile = "intermediate"\n', 'ssl = {\n\tciphers = "HIGH:RC4-SHA:!aNULL";\n}\n'))
case(R, "fail-rc4", f, [(P, "ssl = {")])

R = "prosody.authentication"
case(R, "pass-hardened", root())
case(
    R,
    "fail-internal-plain",
    root(sub(GOOD, 'authentication = "internal_hashed"', 'authentication = "internal_plain"')),
    [(P, 'authentication = "internal_plain"')],
)

R = "prosody.allow-registration"
case(R, "pass-hardened", root())
case(
    R,
    "pass-invite-only",
    root(
        sub(GOOD, "allow_registration = false", "allow_registration = true\nregistration_invite_only = true")
    ),
)
f = root(
    sub(GOOD, "allow_registration = false", "allow_registration = true\nregistration_invite_only = false")
)
case(R, "fail-open", f, [(P, "allow_registration = true")])
f = root(
    sub(
        sub(GOOD, '\t"invites_register"; -- Allows invited users to create accounts\n', ""),
        VH,
        VH + "\tallow_registration = true\n",
    )
)
case(R, "fail-virtualhost-without-invites", f, [(P, "\tallow_registration = true")])

R = "prosody.registration-throttle"
case(R, "pass-closed", root())
openreg = sub(
    GOOD, "allow_registration = false", "allow_registration = true\nregistration_invite_only = false"
)
case(
    R,
    "pass-throttled",
    root(
        sub(
            openreg,
            "registration_invite_only = false\n",
            "registration_invite_only = false\nmin_seconds_between_registrations = 300\n",
        )
    ),
)
case(R, "fail-unthrottled", root(openreg), [(P, "allow_registration = true")])

R = "prosody.admins"
case(R, "pass-hardened", root())
case(
    R,
    "fail-empty",
    root(sub(GOOD, 'admins = { "admin@chat.example.org" }', "admins = { }")),
    [(P, "admins = { }")],
)
case(
    R,
    "fail-resource-in-jid",
    root(sub(GOOD, 'admins = { "admin@chat.example.org" }', 'admins = { "admin@chat.example.org/laptop" }')),
    [(P, "admins = {")],
)

R = "prosody.mod-limits"
nolimits = sub(GOOD, '\t"limits"; -- Enable bandwidth limiting for XMPP connections\n', "")
case(R, "pass-hardened", root())
case(R, "fail-not-loaded", root(nolimits), [(P, "modules_enabled = {")])
case(
    R,
    "fail-disabled",
    root(sub(GOOD, "modules_disabled = {\n", 'modules_disabled = {\n\t"limits";\n')),
    [(P, "modules_enabled = {")],
)

R = "prosody.rate-limits"
case(R, "pass-hardened", root())
case(
    R,
    "fail-no-s2s-rate",
    root(sub(GOOD, '\ts2sin = {\n\t\trate = "30kb/s";\n\t};\n', "")),
    [(P, "limits = {")],
)
case(R, "fail-module-not-loaded", root(nolimits), [(P, "modules_enabled = {")])
case(
    R,
    "fail-unset",
    root(sub(GOOD, GOOD[GOOD.index("limits = {") : GOOD.index("c2s_stanza_size_limit")], "")),
    [(P, None)],
)

R = "prosody.stanza-size-limits"
case(R, "pass-64k", root())
case(
    R,
    "fail-defaults",
    root(sub(GOOD, "c2s_stanza_size_limit = 64 * 1024\ns2s_stanza_size_limit = 64 * 1024\n", "")),
    [(P, None)],
)
case(
    R,
    "fail-c2s-too-large",
    root(sub(GOOD, "c2s_stanza_size_limit = 64 * 1024", "c2s_stanza_size_limit = 1024 * 1024")),
    [(P, "c2s_stanza_size_limit")],
)
case(
    R,
    "error-not-a-number",
    root(sub(GOOD, "c2s_stanza_size_limit = 64 * 1024", 'c2s_stanza_size_limit = "64k"')),
    [(P, "c2s_stanza_size_limit")],
)

WS = '\t"websocket"; -- XMPP over WebSocket\n\t"bosh"; -- XMPP over HTTP (BOSH)\n'
web = sub(GOOD, '\t"ping";', WS + '\t"ping";')
for opt in ("websocket", "bosh"):
    R = f"prosody.consider-{opt}-secure"
    case(R, "pass-hardened", root(web))
    f = root(
        sub(
            web,
            "pidfile",
            f'consider_{opt}_secure = true -- TLS ends at nginx\nhttp_interfaces = {{ "127.0.0.1", "::1" }}\n\npidfile',  # noqa: E501 (fixture text)
        )
    )
    case(R, "pass-loopback-behind-proxy", f)
    f = root(sub(web, "pidfile", f"consider_{opt}_secure = true\n\npidfile"))
    case(R, "fail-public-plain-http", f, [(P, f"consider_{opt}_secure = true"), (P, None)])

R = "prosody.admin-telnet"
telnet = sub(
    GOOD,
    '\t"admin_shell";',
    '\t"admin_telnet"; -- Opens telnet console interface on localhost port 5582\n\t"admin_shell";',
)
case(R, "pass-admin-shell", root())
case(R, "fail-telnet-loaded", root(telnet), [(P, "modules_enabled = {")])

R = "prosody.console-interfaces"
case(R, "pass-no-telnet", root())
case(R, "pass-telnet-loopback", root(telnet))
f = root(sub(telnet, "pidfile", 'console_interfaces = { "0.0.0.0" }\n\npidfile'))
case(R, "fail-public", f, [(P, "console_interfaces")])
f = root(
    sub(telnet, "pidfile", 'interfaces = { "*" } -- global interfaces do not apply to the console\n\npidfile')
)
case(R, "pass-global-interfaces-public", f)
f = root(sub(telnet, "pidfile", 'local_interfaces = { "10.0.0.5" }\n\npidfile'))
case(R, "fail-local-interfaces", f, [(P, "local_interfaces")])

R = "prosody.component-interfaces"
comp = GOOD + '\nComponent "gateway.chat.example.org"\n\tcomponent_secret = "Planted-Component-Secret-0815"\n'
case(R, "pass-no-component", root())
case(R, "pass-default-loopback", root(comp), extra='secret_absent = "Planted-Component-Secret-0815"')
f = root(sub(comp, "pidfile", 'component_interfaces = { "*" }\n\npidfile'))
case(
    R,
    "fail-public",
    f,
    [(P, "component_interfaces")],
    extra='secret_absent = "Planted-Component-Secret-0815"',
)

R = "prosody.http-admin-endpoints"
metrics = sub(GOOD, '\t"ping";', '\t"http_openmetrics"; -- Prometheus metrics\n\t"ping";')
case(R, "pass-hardened", root())
case(R, "pass-openmetrics-loopback-only", root(metrics))
f = root(sub(metrics, "pidfile", 'openmetrics_allow_cidr = "0.0.0.0/0"\n\npidfile'))
case(R, "fail-open-metrics-public", f, [(P, None)])
f = root(
    sub(
        metrics,
        "pidfile",
        'openmetrics_allow_cidr = "10.0.0.0/8"\nhttp_interfaces = { "127.0.0.1" }\nhttps_interfaces = { "127.0.0.1" }\n\npidfile',  # noqa: E501 (fixture text)
    )
)
case(R, "pass-loopback-interfaces", f)

R = "prosody.archive-retention"
case(R, "pass-one-week", root())
case(
    R,
    "fail-never",
    root(sub(GOOD, 'archive_expires_after = "1w"', 'archive_expires_after = "never"')),
    [(P, 'archive_expires_after = "never"')],
)
case(
    R,
    "error-not-a-duration",
    root(sub(GOOD, 'archive_expires_after = "1w"', 'archive_expires_after = "forever-ish"')),
    [(P, "archive_expires_after")],
)

R = "prosody.certificates"
case(R, "pass-certs-directory", root())
f = root(
    sub(
        GOOD,
        VH,
        VH
        + '\tssl = {\n\t\tcertificate = "/etc/ssl/xmpp/chat.crt";\n\t\tkey = "/etc/ssl/xmpp/chat.key";\n\t}\n',  # noqa: E501 (fixture text)
    ),
    certs=False,
)
f.update({"etc/ssl/xmpp/chat.crt": CRT, "etc/ssl/xmpp/chat.key": KEY})
case(R, "pass-explicit-ssl", f)
case(R, "fail-no-certificate", root(certs=False), [(P, 'certificates = "certs"')])

R = "prosody.log-level"
case(R, "pass-info", root())
f = root(sub(GOOD, 'info = "/var/log/prosody/prosody.log";', 'debug = "/var/log/prosody/prosody.log";'))
case(R, "fail-debug-file", f, [(P, "log = {")])
f = root(
    sub(
        GOOD, '{ levels = { "error" }; to = "syslog";  };', '{ levels = { min = "debug" }; to = "syslog";  };'
    )
)
case(R, "fail-debug-syslog", f, [(P, "log = {")])
print("ok")
