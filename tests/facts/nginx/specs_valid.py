"""nginx cases for refused files, unknown directives, releases and listener/backend TLS (issue 9):
case -> (site edit, main edit, cite, extra files[, expected message])."""

from __future__ import annotations

from casegen import CIPHERS, MAIN, PLAIN_ONLY, SITE, chain, drop, sub


def dpkg_status(version: str, package: str = "nginx") -> dict[str, str]:
    """A dpkg database with the nginx package of `version` installed (the release Garrison judges by)."""
    stanza = (
        f"Package: {package}\nStatus: install ok installed\nPriority: optional\nSection: httpd\n"
        f"Architecture: amd64\nVersion: {version}\nDescription: small, powerful, scalable web/proxy server\n"
    )
    return {"var/lib/dpkg/status": stanza}


TRIXIE = dpkg_status("1.26.3-3+deb13u1")
JAMMY = dpkg_status("1.18.0-6ubuntu14.6", "nginx-core")
NEWER = dpkg_status("1.28.0-1")
REFUSED = "nginx would refuse"
UNKNOWN_VERSION = "installed version unknown"
MISSING = sub("    ssl_ciphers", "    include /etc/nginx/snippets/missing.conf;\n    ssl_ciphers")
LOOP = (
    sub("    ssl_ciphers", "    include snippets/a.conf;\n    ssl_ciphers"),
    {
        "etc/nginx/snippets/a.conf": "include snippets/b.conf;\n",
        "etc/nginx/snippets/b.conf": "# loops back\ninclude snippets/a.conf;\n",
    },
)
UNBALANCED = sub("        proxy_set_header Host $host;\n    }\n", "        proxy_set_header Host $host;\n")
HTTP2_ON = sub(
    "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n",
    "    listen 443 ssl;\n    listen [::]:443 ssl;\n    http2 on;\n",
)
SSL_ON = sub(
    "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n",
    "    listen 443;\n    listen [::]:443;\n    ssl on;\n",
)
REMOTE = "https://10.20.30.40:8443"

VALID_SPECS: dict[str, tuple] = {  # type: ignore[type-arg]
    # a file nginx refuses: an error at file:line; the rest is still judged
    "nginx.config-valid/pass-hardened": (None, None, None, {}),
    "nginx.config-valid/error-missing-include": (MISSING, None, f"{SITE}|missing.conf", {}),
    "nginx.config-valid/error-include-loop": (LOOP[0], None, "/etc/nginx/snippets/b.conf|include", LOOP[1]),
    "nginx.config-valid/error-unbalanced-braces": (UNBALANCED, None, "=" + SITE + ":44", {}),
    "nginx.config-valid/error-jinja-unquoted": (
        sub(f"ssl_ciphers {CIPHERS};", "ssl_ciphers {{ nginx_ciphers }};"),
        None,
        f"{SITE}|ssl_ciphers",
        {},
    ),
    "nginx.config-valid/error-unknown-directive": (
        sub("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocol TLSv1.2 TLSv1.3;"),
        None,
        f"{SITE}|ssl_protocol",
        {},
    ),
    "nginx.config-valid/error-wrong-context": (
        None,
        sub("\tgzip on;\n", "\tgzip on;\n\tlisten 8080;\n"),
        f"{MAIN}|listen 8080",
        {},
    ),
    "nginx.config-valid/error-argument-count": (
        sub("ssl_session_tickets off;", "ssl_session_tickets;"),
        None,
        f"{SITE}|ssl_session_tickets",
        {},
    ),
    "nginx.config-valid/error-http2-directive-on-reference": (HTTP2_ON, None, f"{SITE}|http2 on", {}),
    "nginx.config-valid/pass-http2-directive-on-trixie": (HTTP2_ON, None, None, TRIXIE),
    "nginx.config-valid/error-ssl-directive-on-trixie": (SSL_ON, None, f"{SITE}|ssl on", TRIXIE),
    "nginx.ssl-protocols/pass-judged-despite-missing-include": (MISSING, None, None, {}, REFUSED),
    "nginx.ssl-protocols/pass-judged-despite-include-loop": (LOOP[0], None, None, LOOP[1], REFUSED),
    "nginx.ssl-protocols/pass-judged-despite-unbalanced-braces": (UNBALANCED, None, None, {}, REFUSED),
    "nginx.ssl-protocols/fail-judged-despite-unknown-directive": (
        chain(drop("ssl_protocols"), sub("ssl_stapling on;", "ssl_stapling_on;")),
        None,
        "@" + SITE,
        {},
        REFUSED,
    ),
    # unknown and misspelt directives
    "nginx.directive-known/pass-hardened": (None, None, None, {}),
    "nginx.directive-known/fail-misspelt": (
        sub("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocol TLSv1.2 TLSv1.3;"),
        None,
        f"{SITE}|ssl_protocol",
        {},
        'did you mean "ssl_protocols"',
    ),
    "nginx.directive-known/fail-http2-directive-on-ubuntu-22.04": (
        HTTP2_ON,
        None,
        f"{SITE}|http2 on",
        JAMMY,
        "new in nginx 1.25.1",
    ),
    "nginx.directive-known/pass-http2-directive-on-trixie": (HTTP2_ON, None, None, TRIXIE),
    "nginx.directive-known/fail-ssl-directive-on-trixie": (
        SSL_ON,
        None,
        f"{SITE}|ssl on",
        TRIXIE,
        "removed in nginx 1.25.1",
    ),
    "nginx.directive-known/fail-module-not-loaded": (
        sub(
            "    root /var/www/example.org;", "    more_clear_headers Server;\n    root /var/www/example.org;"
        ),
        None,
        f"{SITE}|more_clear_headers",
        {},
    ),
    "nginx.directive-known/pass-module-loaded": (
        sub(
            "    root /var/www/example.org;", "    more_clear_headers Server;\n    root /var/www/example.org;"
        ),
        None,
        None,
        {
            "etc/nginx/modules-enabled/50-mod-http-headers-more-filter.conf": (
                "load_module modules/ngx_http_headers_more_filter_module.so;\n"
            )
        },
    ),
    # release-aware defaults
    "nginx.ssl-tls13/fail-default-reference": (drop("ssl_protocols"), None, "@" + SITE, {}, UNKNOWN_VERSION),
    "nginx.ssl-tls13/fail-default-ubuntu-22.04": (
        drop("ssl_protocols"),
        None,
        "@" + SITE,
        JAMMY,
        "nginx 1.18.0",
    ),
    "nginx.ssl-tls13/pass-default-trixie": (drop("ssl_protocols"), None, None, TRIXIE),
    "nginx.ssl-protocols/fail-unset-default-trixie": (
        drop("ssl_protocols"),
        None,
        "@" + SITE,
        TRIXIE,
        "1.26.3",
    ),
    "nginx.ssl-protocols/pass-unset-default-1.28": (drop("ssl_protocols"), None, None, NEWER),
    # the deprecated `ssl` directive
    "nginx.listen-ssl-parameter/pass-hardened": (None, None, None, {}),
    "nginx.listen-ssl-parameter/fail-ssl-on": (
        SSL_ON,
        None,
        f"{SITE}|ssl on",
        {},
        "deprecated since nginx 1.15.0",
    ),
    "nginx.listen-ssl-parameter/fail-ssl-on-trixie": (
        SSL_ON,
        None,
        f"{SITE}|ssl on",
        TRIXIE,
        "refuses the file",
    ),
    "nginx.listen-ssl-parameter/na-no-http": (None, lambda t: "events {}\n", None, {}),
    # plain listeners on a TLS port
    "nginx.listen-ssl-consistent/pass-hardened": (None, None, None, {}),
    "nginx.listen-ssl-consistent/fail-ipv6-without-ssl": (
        sub("    listen [::]:443 ssl http2;\n", "    listen [::]:443 http2;\n"),
        None,
        f"{SITE}|[::]:443",
        {},
    ),
    "nginx.listen-ssl-consistent/pass-ssl-on-another-server-of-the-socket": (
        None,
        None,
        None,
        {
            "etc/nginx/sites-enabled/other.org": "server {\n    listen 443;\n    server_name other.org;\n"
            "    ssl_certificate /etc/ssl/other.pem;\n    ssl_certificate_key /etc/ssl/other.key;\n}\n"
        },
    ),
    "nginx.listen-ssl-consistent/fail-specific-address-without-ssl": (
        None,
        None,
        "/etc/nginx/sites-enabled/other.org|listen 192.0.2.7:443",
        {
            "etc/nginx/sites-enabled/other.org": "server {\n    listen 192.0.2.7:443;\n"
            "    server_name other.org;\n    return 404;\n}\n"
        },
    ),
    "nginx.listen-ssl-consistent/na-plain-http-only": (lambda t: PLAIN_ONLY, None, None, {}),
    "nginx.listen-ssl-consistent/fail-https-port-without-ssl": (
        lambda t: PLAIN_ONLY.replace("listen 80;", "listen 443;"),
        None,
        f"{SITE}|listen 443",
        {},
    ),
    "nginx.listen-ssl-consistent/fail-certificate-without-ssl-listener": (
        lambda t: PLAIN_ONLY.replace(
            "listen 80;",
            "listen 8443;\n    ssl_certificate /etc/ssl/site.pem;\n"
            "    ssl_certificate_key /etc/ssl/site.key;",
        ),
        None,
        f"{SITE}|listen 8443",
        {},
        "with an ssl_certificate",
    ),
    "nginx.listen-ssl-consistent/pass-plain-port-beside-tls-in-one-server": (
        sub("    listen 443 ssl http2;\n", "    listen 443 ssl http2;\n    listen 8080;\n"),
        None,
        None,
        {},
    ),
    # TLS to remote backends
    "nginx.proxy-ssl-verify/pass-hardened": (None, None, None, {}),
    "nginx.proxy-ssl-verify/fail-remote-https-default": (
        sub(
            "proxy_pass http://127.0.0.1:5280;\n        proxy_set_header",
            f"proxy_pass {REMOTE};\n        proxy_set_header",
        ),
        None,
        "@" + SITE,
        {},
        "proxy_ssl_verify",
    ),
    "nginx.proxy-ssl-verify/fail-remote-https-verify-off": (
        sub(
            "    root /var/www/example.org;",
            "    proxy_ssl_verify off;\n    root /var/www/example.org;\n"
            f"    location /api/ {{\n        proxy_pass {REMOTE};\n    }}",
        ),
        None,
        f"{SITE}|proxy_ssl_verify off",
        {},
    ),
    "nginx.proxy-ssl-verify/fail-upstream-remote": (
        sub(
            "proxy_pass http://127.0.0.1:5280;\n        proxy_set_header",
            "proxy_pass https://app;\n        proxy_set_header",
        ),
        sub(
            "\tgzip on;\n",
            "\tgzip on;\n\tupstream app {\n\t\tserver 127.0.0.1:8443;\n\t\tserver 10.0.0.9:8443;\n\t}\n",
        ),
        "@" + SITE,
        {},
    ),
    "nginx.proxy-ssl-verify/pass-remote-verified": (
        sub(
            "    root /var/www/example.org;",
            "    proxy_ssl_verify on;\n"
            "    proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n"
            "    root /var/www/example.org;\n"
            f"    location /api/ {{\n        proxy_pass {REMOTE};\n    }}",
        ),
        None,
        None,
        {},
    ),
    "nginx.proxy-ssl-verify/pass-loopback-https": (
        sub(
            "proxy_pass http://127.0.0.1:5280;\n        proxy_set_header",
            "proxy_pass https://127.0.0.1:5281;\n        proxy_set_header",
        ),
        None,
        None,
        {},
    ),
}
