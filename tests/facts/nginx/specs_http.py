"""nginx header and server rule cases: case -> (site edit, main edit, cite, extra files)."""

from __future__ import annotations

from casegen import GOOD_SITE, MAIN, PLAIN_ONLY, SITE, chain, drop, sub

HTTP_SPECS: dict[str, tuple] = {  # type: ignore[type-arg]
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
        f"{MAIN}|# server_tokens off;",  # the absent directive is cited at its commented-out line
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
    "nginx.limit-req-sensitive/pass-authors-page-is-not-sensitive": (
        sub(
            "    location /invites/ {",
            "    location /authors/ {\n        return 200;\n    }\n\n    location /invites/ {",
        ),
        None,
        None,
        {},
    ),
    "nginx.limit-req-sensitive/fail-api-unlimited": (
        sub(
            "    location /invites/ {",
            "    location /api/v1/ {\n        return 200;\n    }\n\n    location /invites/ {",
        ),
        None,
        f"{SITE}|location /api/v1/",
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
    "nginx.proxy-pass-loopback/fail-credentials-in-url": (
        sub(
            "http://127.0.0.1:5280;\n        proxy_set",
            "http://relay:THE-SECRET@203.0.113.7:5280;\n"
            '        proxy_set_header Authorization "Basic THE-SECRET";\n        proxy_set',
        ),
        None,
        f"{SITE}|203.0.113.7",
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
