"""nginx's built-in defaults, for nginx 1.22.1 as packaged in Debian 12 (bookworm), linked to OpenSSL 3.0.

Sources: the nginx documentation of ngx_http_ssl_module, ngx_http_core_module and ngx_http_headers_module for
1.22, and Debian's nginx.conf layout (/etc/nginx/nginx.conf includes conf.d/*.conf and sites-enabled/*).
"""

from __future__ import annotations

CONF_PATH = "/etc/nginx/nginx.conf"
#: nginx resolves relative paths (include, ssl_certificate, ...) against its conf prefix: the directory of
#: the main config file.
CONF_PREFIX = "/etc/nginx"

#: `listen` when a server has none (as root): *:80.
DEFAULT_LISTEN_PORT = 80

#: ssl_protocols default since 1.15.6 (TLSv1.3 added); nginx 1.23.4 dropped TLSv1/TLSv1.1 from it.
SSL_PROTOCOLS = ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
SSL_CIPHERS = "HIGH:!aNULL:!MD5"
SSL_PREFER_SERVER_CIPHERS = "off"
SSL_SESSION_TICKETS = "on"
SSL_ECDH_CURVE = "auto"
SSL_STAPLING = "off"
SSL_STAPLING_VERIFY = "off"
SERVER_TOKENS = "on"
AUTOINDEX = "off"

#: Response codes for which add_header applies without the `always` parameter.
ADD_HEADER_CODES = (200, 201, 204, 206, 301, 302, 303, 304, 307, 308)
