"""nginx TLS-setting rule cases: case -> (site edit, main edit, cite, extra files)."""

from __future__ import annotations

from casegen import CIPHERS, MAIN, PLAIN_ONLY, SITE, chain, drop, sub

TLS_SPECS: dict[str, tuple] = {  # type: ignore[type-arg]
    "nginx.ssl-protocols/pass-hardened": (None, None, None, {}),
    "nginx.ssl-protocols/fail-unset-default": (drop("ssl_protocols"), None, "@" + SITE, {}),
    "nginx.ssl-protocols/fail-debian-http-level": (
        drop("ssl_protocols"),
        sub(
            "\tserver_tokens off;\n", "\tserver_tokens off;\n\tssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;\n"
        ),
        f"{MAIN}|ssl_protocols",
        {},
    ),
    "nginx.ssl-protocols/pass-server-overrides-http": (
        None,
        sub(
            "\tserver_tokens off;\n", "\tserver_tokens off;\n\tssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;\n"
        ),
        None,
        {},
    ),
    "nginx.ssl-protocols/fail-tls11-in-snippet": (
        chain(
            drop("ssl_protocols"), sub("    ssl_ciphers", "    include snippets/tls.conf;\n    ssl_ciphers")
        ),
        None,
        "/etc/nginx/snippets/tls.conf|TLSv1.1",
        {"etc/nginx/snippets/tls.conf": "# shared TLS settings\nssl_protocols TLSv1.1 TLSv1.2;\n"},
    ),
    "nginx.ssl-protocols/na-plain-http-only": (lambda t: PLAIN_ONLY, None, None, {}),
    "nginx.ssl-protocols/unknown-template-placeholder": (
        sub("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols ${NGINX_SSL_PROTOCOLS};"),
        None,
        f"{SITE}|ssl_protocols",
        {},
    ),
    "nginx.ssl-tls13/pass-hardened": (None, None, None, {}),
    "nginx.ssl-tls13/fail-tls12-only": (
        sub("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1.2;"),
        None,
        f"{SITE}|ssl_protocols",
        {},
    ),
    "nginx.ssl-ciphers-weak/pass-hardened": (None, None, None, {}),
    "nginx.ssl-ciphers-weak/pass-default-ciphers": (drop("ssl_ciphers"), None, None, {}),
    "nginx.ssl-ciphers-weak/fail-3des": (
        sub(f"ssl_ciphers {CIPHERS};", "ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA;"),
        None,
        f"{SITE}|ssl_ciphers",
        {},
    ),
    "nginx.ssl-ciphers-weak/fail-rc4": (
        sub(f"ssl_ciphers {CIPHERS};", "ssl_ciphers HIGH:RC4:!aNULL;"),
        None,
        f"{SITE}|ssl_ciphers",
        {},
    ),
    "nginx.ssl-ciphers-weak/unknown-jinja-placeholder": (
        sub(f"ssl_ciphers {CIPHERS};", 'ssl_ciphers "{{ nginx_ciphers }}";'),
        None,
        f"{SITE}|ssl_ciphers",
        {},
    ),
    "nginx.ssl-ciphers-forward-secrecy/pass-hardened": (None, None, None, {}),
    "nginx.ssl-ciphers-forward-secrecy/fail-default-ciphers": (drop("ssl_ciphers"), None, "@" + SITE, {}),
    "nginx.ssl-ciphers-forward-secrecy/fail-static-rsa": (
        sub(f"ssl_ciphers {CIPHERS};", f"ssl_ciphers {CIPHERS}:AES256-GCM-SHA384;"),
        None,
        f"{SITE}|ssl_ciphers",
        {},
    ),
    "nginx.ssl-ciphers-forward-secrecy/pass-tls13-only": (
        chain(drop("ssl_ciphers"), sub("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1.3;")),
        None,
        None,
        {},
    ),
    "nginx.ssl-prefer-server-ciphers/pass-hardened": (None, None, None, {}),
    "nginx.ssl-prefer-server-ciphers/pass-on-with-defaults": (
        chain(drop("ssl_ciphers"), sub("ssl_prefer_server_ciphers off;", "ssl_prefer_server_ciphers on;")),
        None,
        None,
        {},
    ),
    "nginx.ssl-prefer-server-ciphers/fail-default-mixed-list": (
        drop("ssl_ciphers", "ssl_prefer_server_ciphers"),
        None,
        "@" + SITE,
        {},
    ),
    "nginx.ssl-session-tickets-off/pass-hardened": (None, None, None, {}),
    "nginx.ssl-session-tickets-off/fail-unset": (drop("ssl_session_tickets"), None, "@" + SITE, {}),
    "nginx.ssl-session-tickets-off/fail-on": (
        sub("ssl_session_tickets off;", "ssl_session_tickets on;"),
        None,
        f"{SITE}|ssl_session_tickets",
        {},
    ),
    "nginx.ssl-ecdh-curve/pass-hardened": (None, None, None, {}),
    "nginx.ssl-ecdh-curve/pass-default-auto": (drop("ssl_ecdh_curve"), None, None, {}),
    "nginx.ssl-ecdh-curve/fail-prime192v1": (
        sub("ssl_ecdh_curve X25519:secp384r1;", "ssl_ecdh_curve prime192v1:secp384r1;"),
        None,
        f"{SITE}|ssl_ecdh_curve",
        {},
    ),
    "nginx.ssl-dhparam/pass-hardened": (None, None, None, {}),
    "nginx.ssl-dhparam/pass-no-dhe-suites": (drop("ssl_dhparam"), None, None, {}),
    "nginx.ssl-dhparam/fail-dhe-without-params": (
        chain(drop("ssl_dhparam"), sub(f"{CIPHERS};", f"{CIPHERS}:DHE-RSA-AES256-GCM-SHA384;")),
        None,
        "@" + SITE,
        {},
    ),
    "nginx.ssl-stapling/pass-hardened": (None, None, None, {}),
    "nginx.ssl-stapling/fail-unset": (drop("ssl_stapling"), None, "@" + SITE, {}),
    "nginx.ssl-stapling/fail-not-verified": (drop("ssl_stapling_verify"), None, "@" + SITE, {}),
}
