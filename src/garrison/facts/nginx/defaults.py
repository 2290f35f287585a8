"""Debian's nginx layout and the defaults that do not change between releases. The compiled defaults of
directives, which do, are per release in `garrison.facts.nginx.releases`.

Sources: Debian's nginx.conf layout (/etc/nginx/nginx.conf includes conf.d/*.conf and sites-enabled/*), the
nginx documentation of ngx_http_core_module and ngx_http_headers_module.
"""

from __future__ import annotations

CONF_PATH = "/etc/nginx/nginx.conf"
#: nginx resolves relative paths (include, ssl_certificate, ...) against its conf prefix: the directory of
#: the main config file.
CONF_PREFIX = "/etc/nginx"

#: `listen` when a server has none (as root): *:80.
DEFAULT_LISTEN_PORT = 80

#: Response codes for which add_header applies without the `always` parameter.
ADD_HEADER_CODES = (200, 201, 204, 206, 301, 302, 303, 304, 307, 308)
