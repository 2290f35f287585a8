"""Shared pieces of the nginx case generator: the hardened site every case edits, and the edits."""

from __future__ import annotations

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
