"""Write the nginx.* rule case folders under tests/cases (run once: `python tests/facts/nginx/make_cases.py`).

Every case is the hardened site below with one change; `cite` names a text whose line the outcome must cite
(`@path` alone: that file with no line, for an absent setting).
"""

from __future__ import annotations

import shutil
from pathlib import Path

CASES = Path(__file__).resolve().parents[2] / "cases"
SITE = "/etc/nginx/sites-enabled/example.org"
MAIN = "/etc/nginx/nginx.conf"

NGINX_CONF = """user www-data;
worker_processes auto;
pid /run/nginx.pid;
include /etc/nginx/modules-enabled/*.conf;

events {
\tworker_connections 768;
}

http {
\tsendfile on;
\ttcp_nopush on;
\ttypes_hash_max_size 2048;
\tserver_tokens off;

\tinclude /etc/nginx/mime.types;
\tdefault_type application/octet-stream;
\tlimit_req_zone $binary_remote_addr zone=invites:10m rate=20r/m;

\taccess_log /var/log/nginx/access.log;
\terror_log /var/log/nginx/error.log;
\tgzip on;

\tinclude /etc/nginx/conf.d/*.conf;
\tinclude /etc/nginx/sites-enabled/*;
}
"""

CIPHERS = (
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"
)

GOOD_SITE = f"""server {{
    listen 80 default_server;
    listen [::]:80 default_server;
    server_name _;
    return 301 https://$host$request_uri;
}}

server {{
    listen 443 ssl http2;
    listen [::]:443 ssl http2;
    server_name example.org www.example.org;

    ssl_certificate /etc/letsencrypt/live/example.org/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/example.org/privkey.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers {CIPHERS};
    ssl_prefer_server_ciphers off;
    ssl_ecdh_curve X25519:secp384r1;
    ssl_dhparam /etc/ssl/certs/dhparam.pem;
    ssl_session_cache shared:SSL:10m;
    ssl_session_timeout 1d;
    ssl_session_tickets off;
    ssl_stapling on;
    ssl_stapling_verify on;

    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header X-Content-Type-Options "nosniff" always;
    add_header X-Frame-Options "SAMEORIGIN" always;
    add_header Referrer-Policy "no-referrer" always;
    add_header Permissions-Policy "interest-cohort=()" always;
    add_header Content-Security-Policy "default-src 'self'" always;

    root /var/www/example.org;

    location / {{
        proxy_pass http://127.0.0.1:5280;
        proxy_set_header Host $host;
    }}

    location /invites/ {{
        limit_req zone=invites burst=20 nodelay;
        limit_req_status 429;
        proxy_pass http://127.0.0.1:5280;
    }}
}}
"""


def drop(*needles: str):  # type: ignore[no-untyped-def]
    def edit(text: str) -> str:
        return "".join(line for line in text.splitlines(True) if not any(n in line for n in needles))

    return edit


def sub(old: str, new: str):  # type: ignore[no-untyped-def]
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def chain(*edits):  # type: ignore[no-untyped-def]
    def edit(text: str) -> str:
        for one in edits:
            text = one(text)
        return text

    return edit


HEADERS = ("add_header",)
PLAIN_ONLY = "server {\n    listen 80;\n    server_name example.org;\n    root /var/www/html;\n}\n"

# case -> (site edit, main edit, cite, extra files)
CASESPEC: dict[str, tuple] = {  # type: ignore[type-arg]
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
    "nginx.ssl-protocols/error-unbalanced-braces": (
        sub("        proxy_set_header Host $host;\n    }\n", "        proxy_set_header Host $host;\n"),
        None,
        "=" + SITE + ":44",
        {},
    ),
    "nginx.ssl-protocols/error-missing-include": (
        sub("    ssl_ciphers", "    include /etc/nginx/snippets/missing.conf;\n    ssl_ciphers"),
        None,
        f"{SITE}|missing.conf",
        {},
    ),
    "nginx.ssl-protocols/error-include-loop": (
        sub("    ssl_ciphers", "    include snippets/a.conf;\n    ssl_ciphers"),
        None,
        "/etc/nginx/snippets/b.conf|include",
        {
            "etc/nginx/snippets/a.conf": "include snippets/b.conf;\n",
            "etc/nginx/snippets/b.conf": "# loops back\ninclude snippets/a.conf;\n",
        },
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
    "nginx.ssl-ciphers-weak/error-jinja-unquoted": (
        sub(f"ssl_ciphers {CIPHERS};", "ssl_ciphers {{ nginx_ciphers }};"),
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
    "nginx.hsts/pass-hardened": (None, None, None, {}),
    "nginx.hsts/fail-http-level-shadowed": (
        drop("Strict-Transport"),
        sub(
            "\tserver_tokens off;\n",
            '\tserver_tokens off;\n\tadd_header Strict-Transport-Security "max-age=31536000" always;\n',
        ),
        "@" + SITE,
        {},
    ),
    "nginx.hsts/pass-http-level-headers": (
        drop("add_header"),
        sub(
            "\tserver_tokens off;\n",
            '\tserver_tokens off;\n\tadd_header Strict-Transport-Security "max-age=31536000" always;\n',
        ),
        None,
        {},
    ),
    "nginx.hsts/fail-missing": (drop("Strict-Transport"), None, "@" + SITE, {}),
    "nginx.hsts/fail-one-day": (
        sub("max-age=63072000", "max-age=86400"),
        None,
        f"{SITE}|Strict-Transport",
        {},
    ),
    "nginx.hsts/unknown-placeholder": (
        sub("max-age=63072000", "max-age=${HSTS_MAX_AGE}"),
        None,
        f"{SITE}|Strict-Transport",
        {},
    ),
    "nginx.x-content-type-options/pass-hardened": (None, None, None, {}),
    "nginx.x-content-type-options/fail-missing": (drop("X-Content-Type"), None, "@" + SITE, {}),
    "nginx.x-frame-options/pass-hardened": (None, None, None, {}),
    "nginx.x-frame-options/pass-csp-frame-ancestors": (
        chain(drop("X-Frame"), sub("default-src 'self'", "default-src 'self'; frame-ancestors 'none'")),
        None,
        None,
        {},
    ),
    "nginx.x-frame-options/fail-missing": (drop("X-Frame"), None, "@" + SITE, {}),
    "nginx.referrer-policy/pass-hardened": (None, None, None, {}),
    "nginx.referrer-policy/fail-unsafe-url": (
        sub('"no-referrer"', '"unsafe-url"'),
        None,
        f"{SITE}|Referrer-Policy",
        {},
    ),
    "nginx.referrer-policy/fail-missing": (drop("Referrer-Policy"), None, "@" + SITE, {}),
    "nginx.permissions-policy/pass-hardened": (None, None, None, {}),
    "nginx.permissions-policy/fail-missing": (drop("Permissions-Policy"), None, "@" + SITE, {}),
    "nginx.content-security-policy/pass-hardened": (None, None, None, {}),
    "nginx.content-security-policy/fail-report-only": (
        sub("Content-Security-Policy", "Content-Security-Policy-Report-Only"),
        None,
        "@" + SITE,
        {},
    ),
    "nginx.x-xss-protection-present/pass-hardened": (None, None, None, {}),
    "nginx.x-xss-protection-present/pass-zero": (
        sub("    root /var/www", '    add_header X-XSS-Protection "0" always;\n    root /var/www'),
        None,
        None,
        {},
    ),
    "nginx.x-xss-protection-present/fail-mode-block": (
        sub(
            "    root /var/www", '    add_header X-XSS-Protection "1; mode=block" always;\n    root /var/www'
        ),
        None,
        f"{SITE}|X-XSS",
        {},
    ),
    "nginx.server-tokens-off/pass-hardened": (None, None, None, {}),
    "nginx.server-tokens-off/fail-debian-commented": (
        None,
        sub("\tserver_tokens off;", "\t# server_tokens off;"),
        "@" + SITE,
        {},
    ),
    "nginx.server-tokens-off/fail-location-on": (
        sub("        limit_req_status 429;\n", "        limit_req_status 429;\n        server_tokens on;\n"),
        None,
        f"{SITE}|server_tokens",
        {},
    ),
    "nginx.http-to-https-redirect/pass-hardened": (None, None, None, {}),
    "nginx.http-to-https-redirect/pass-scheme-if": (
        chain(
            sub("    return 301 https://$host$request_uri;\n", "    return 444;\n"),
            sub(
                "    listen [::]:443 ssl http2;\n",
                "    listen [::]:443 ssl http2;\n    listen 8080;\n"
                "    if ($scheme = http) {\n        return 301 https://$host$request_uri;\n    }\n",
            ),
        ),
        None,
        None,
        {},
    ),
    "nginx.http-to-https-redirect/fail-port-80-serves-content": (
        sub("    return 301 https://$host$request_uri;\n", "    root /var/www/html;\n"),
        None,
        f"{SITE}|listen 80",
        {},
    ),
    "nginx.http-to-https-redirect/na-no-tls": (lambda t: PLAIN_ONLY, None, None, {}),
    "nginx.limit-req-sensitive/pass-hardened": (None, None, None, {}),
    "nginx.limit-req-sensitive/pass-server-level-limit": (
        chain(
            drop("limit_req zone=invites"),
            sub(
                "    root /var/www/example.org;\n",
                "    root /var/www/example.org;\n    limit_req zone=invites;\n",
            ),
        ),
        None,
        None,
        {},
    ),
    "nginx.limit-req-sensitive/fail-login-unlimited": (
        sub(
            "    location /invites/ {",
            "    location = /login {\n        proxy_pass http://127.0.0.1:5280;\n    }\n\n"
            "    location /invites/ {",
        ),
        None,
        f"{SITE}|location = /login",
        {},
    ),
    "nginx.proxy-pass-loopback/pass-hardened": (None, None, None, {}),
    "nginx.proxy-pass-loopback/pass-unix-socket-upstream": (
        sub("http://127.0.0.1:5280;\n        proxy_set", "http://app;\n        proxy_set"),
        sub("\tgzip on;\n", "\tgzip on;\n\tupstream app {\n\t\tserver unix:/run/app.sock;\n\t}\n"),
        None,
        {},
    ),
    "nginx.proxy-pass-loopback/fail-remote-ip": (
        sub("http://127.0.0.1:5280;\n        proxy_set", "http://10.0.0.5:5280;\n        proxy_set"),
        None,
        f"{SITE}|10.0.0.5",
        {},
    ),
    "nginx.proxy-pass-loopback/fail-remote-upstream": (
        sub("http://127.0.0.1:5280;\n        proxy_set", "http://backend;\n        proxy_set"),
        sub("\tgzip on;\n", "\tgzip on;\n\tupstream backend {\n\t\tserver 192.168.1.20:8080;\n\t}\n"),
        f"{SITE}|http://backend",
        {},
    ),
    "nginx.add-header-inheritance/pass-hardened": (None, None, None, {}),
    "nginx.add-header-inheritance/pass-snippet-repeated": (
        sub(
            "        limit_req_status 429;\n",
            "        limit_req_status 429;\n        include snippets/headers.conf;\n"
            '        add_header Cache-Control "no-store" always;\n',
        ),
        None,
        None,
        {
            "etc/nginx/snippets/headers.conf": "".join(
                line.strip() + "\n" for line in GOOD_SITE.splitlines() if "add_header" in line
            )
        },
    ),
    "nginx.add-header-inheritance/fail-location-drops-headers": (
        sub(
            "        limit_req_status 429;\n",
            '        limit_req_status 429;\n        add_header Cache-Control "no-store";\n',
        ),
        None,
        f"{SITE}|Cache-Control",
        {},
    ),
    "nginx.security-headers-always/pass-hardened": (None, None, None, {}),
    "nginx.security-headers-always/fail-hsts-without-always": (
        sub('includeSubDomains" always;', 'includeSubDomains";'),
        None,
        f"{SITE}|Strict-Transport",
        {},
    ),
    "nginx.autoindex-off/pass-hardened": (None, None, None, {}),
    "nginx.autoindex-off/fail-downloads-listing": (
        sub(
            "    location /invites/ {",
            "    location /downloads/ {\n        autoindex on;\n    }\n\n    location /invites/ {",
        ),
        None,
        f"{SITE}|autoindex on",
        {},
    ),
}


def cite_line(files: dict[str, str], spec: str) -> str:
    if spec.startswith("="):
        return spec[1:]
    if spec.startswith("@"):
        return spec[1:]
    path, needle = spec.split("|", 1)
    text = files[path]
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return f"{path}:{number}"
    raise AssertionError(f"{needle!r} not in {path}")


def main() -> None:
    for case, (site_edit, main_edit, cite, extra) in CASESPEC.items():
        folder = CASES / case
        if folder.exists():
            shutil.rmtree(folder)
        files = {
            MAIN: main_edit(NGINX_CONF) if main_edit else NGINX_CONF,
            SITE: site_edit(GOOD_SITE) if site_edit else GOOD_SITE,
            "/etc/nginx/mime.types": "types {\n    text/html html htm;\n    text/css css;\n}\n",
        }
        files.update({"/" + k: v for k, v in extra.items()})
        for path, text in files.items():
            target = folder / "root" / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        if cite:
            (folder / "expected.toml").write_text(f'evidence = ["{cite_line(files, cite)}"]\n')


if __name__ == "__main__":
    main()
