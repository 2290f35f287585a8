"""Which directives nginx knows, by release: the ones crossplane's directive table (0.5.x, about nginx 1.15)
lacks or that appeared, or went away, between nginx 1.18.0 and 1.31.4. Generated from nginx's sources: every
`ngx_command_t` array of src/ at each release tag (`static ngx_command_t ..._commands[] = {...}`), so the
names of every module, built by Debian or not.

    SPANS[name] = (first release that has it, first release without it): None = before 1.18.0 / still there

A directive in neither crossplane's table nor here is unknown to nginx (it refuses to start: `unknown
directive`), unless a loaded third-party module provides it (`THIRD_PARTY`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SPANS: Mapping[str, tuple[str | None, str | None]] = MappingProxyType(
    {
        "acceptex_read": (None, None),
        "auth_delay": (None, None),
        "degradation": (None, None),
        "degrade": (None, None),
        "devpoll_changes": (None, None),
        "devpoll_events": (None, None),
        "epoll_events": (None, None),
        "eventport_events": (None, None),
        "gzip_hash": (None, None),
        "gzip_no_buffer": (None, None),
        "gzip_window": (None, None),
        "http2_pool_size": (None, None),
        "http2_streams_index_size": (None, None),
        "iocp_threads": (None, None),
        "kqueue_changes": (None, None),
        "kqueue_events": (None, None),
        "open_file_cache_events": (None, None),
        "post_acceptex": (None, None),
        "post_action": (None, None),
        "postpone_gzipping": (None, None),
        "proxy": (None, None),
        "proxy_downstream_buffer": (None, None),
        "proxy_upstream_buffer": (None, None),
        "spdy_chunk_size": (None, "1.19.7"),
        "spdy_headers_comp": (None, "1.19.7"),
        "spdy_keepalive_timeout": (None, "1.19.7"),
        "spdy_max_concurrent_streams": (None, "1.19.7"),
        "spdy_pool_size": (None, "1.19.7"),
        "spdy_recv_buffer_size": (None, "1.19.7"),
        "spdy_recv_timeout": (None, "1.19.7"),
        "spdy_streams_index_size": (None, "1.19.7"),
        "ssi_ignore_recycled_buffers": (None, None),
        "ssl": (None, "1.25.1"),
        "uwsgi_string": (None, None),
        "ssl_ocsp": ("1.19.0", None),
        "ssl_ocsp_cache": ("1.19.0", None),
        "ssl_ocsp_responder": ("1.19.0", None),
        "proxy_cookie_flags": ("1.19.3", None),
        "userid_flags": ("1.19.3", None),
        "grpc_ssl_conf_command": ("1.19.4", None),
        "proxy_smtp_auth": ("1.19.4", None),
        "proxy_ssl_conf_command": ("1.19.4", None),
        "ssl_conf_command": ("1.19.4", None),
        "ssl_reject_handshake": ("1.19.4", None),
        "uwsgi_ssl_conf_command": ("1.19.4", None),
        "keepalive_time": ("1.19.10", None),
        "max_errors": ("1.21.0", None),
        "mp4_start_key_frame": ("1.21.4", None),
        "proxy_half_close": ("1.21.4", None),
        "ssl_alpn": ("1.21.4", None),
        "http3": ("1.25.0", None),
        "http3_hq": ("1.25.0", None),
        "http3_max_concurrent_streams": ("1.25.0", None),
        "http3_stream_buffer_size": ("1.25.0", None),
        "quic_active_connection_id_limit": ("1.25.0", None),
        "quic_bpf": ("1.25.0", None),
        "quic_gso": ("1.25.0", None),
        "quic_host_key": ("1.25.0", None),
        "quic_retry": ("1.25.0", None),
        "http2": ("1.25.1", None),
        "pass": ("1.25.5", None),
        "proxy_pass_trailers": ("1.27.2", None),
        "grpc_ssl_certificate_cache": ("1.27.4", None),
        "keepalive_min_timeout": ("1.27.4", None),
        "proxy_ssl_certificate_cache": ("1.27.4", None),
        "ssl_certificate_cache": ("1.27.4", None),
        "ssl_object_cache_inheritable": ("1.27.4", None),
        "uwsgi_ssl_certificate_cache": ("1.27.4", None),
        "early_hints": ("1.29.0", None),
        "ssl_certificate_compression": ("1.29.1", None),
        "add_header_inherit": ("1.29.3", None),
        "add_trailer_inherit": ("1.29.3", None),
        "ssl_ech_file": ("1.29.4", None),
        "sticky": ("1.29.6", None),
        "max_headers": ("1.29.8", None),
        "least_time": ("1.31.0", None),
        "proxy_ssl_alpn": ("1.31.0", None),
        "tunnel_bind": ("1.31.0", None),
        "tunnel_buffer_size": ("1.31.0", None),
        "tunnel_connect_timeout": ("1.31.0", None),
        "tunnel_next_upstream": ("1.31.0", None),
        "tunnel_next_upstream_timeout": ("1.31.0", None),
        "tunnel_next_upstream_tries": ("1.31.0", None),
        "tunnel_pass": ("1.31.0", None),
        "tunnel_read_timeout": ("1.31.0", None),
        "tunnel_send_lowat": ("1.31.0", None),
        "tunnel_send_timeout": ("1.31.0", None),
        "tunnel_socket_keepalive": ("1.31.0", None),
        "fastcgi_socket_rcvbuf": ("1.31.3", None),
        "fastcgi_socket_sndbuf": ("1.31.3", None),
        "grpc_socket_rcvbuf": ("1.31.3", None),
        "grpc_socket_sndbuf": ("1.31.3", None),
        "proxy_socket_rcvbuf": ("1.31.3", None),
        "proxy_socket_sndbuf": ("1.31.3", None),
        "scgi_socket_rcvbuf": ("1.31.3", None),
        "scgi_socket_sndbuf": ("1.31.3", None),
        "tunnel_socket_rcvbuf": ("1.31.3", None),
        "tunnel_socket_sndbuf": ("1.31.3", None),
        "uwsgi_socket_rcvbuf": ("1.31.3", None),
        "uwsgi_socket_sndbuf": ("1.31.3", None),
        "xml_external_entities": ("1.31.3", None),
    }
)

#: Directives of the third-party modules Debian packages (libnginx-mod-*), by the module file `load_module`
#: names: the names or name prefixes (ending in `_`) each provides. nginx knows them only when it is loaded.
THIRD_PARTY: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ngx_http_auth_pam_module": ("auth_pam", "auth_pam_service_name", "auth_pam_set_pam_env"),
        "ngx_http_cache_purge_module": ("cache_purge", "cache_purge_response_type", "*_cache_purge"),
        "ngx_http_dav_ext_module": ("dav_ext_",),
        "ngx_http_echo_module": ("echo", "echo_"),
        "ngx_http_fancyindex_module": ("fancyindex", "fancyindex_"),
        "ngx_http_geoip2_module": ("geoip2", "geoip2_"),
        "ngx_stream_geoip2_module": ("geoip2", "geoip2_"),
        "ngx_http_headers_more_filter_module": (
            "more_set_headers",
            "more_clear_headers",
            "more_set_input_headers",
            "more_clear_input_headers",
        ),
        "ngx_http_lua_module": (
            "lua_",
            "*_by_lua",
            "*_by_lua_block",
            "*_by_lua_file",
            "access_by_lua_no_postpone",
        ),
        "ngx_stream_lua_module": ("lua_", "*_by_lua", "*_by_lua_block", "*_by_lua_file"),
        "ndk_http_module": ("ndk_",),
        "ngx_http_subs_filter_module": ("subs_filter", "subs_filter_types"),
        "ngx_http_uploadprogress_module": (
            "upload_progress",
            "upload_progress_",
            "track_uploads",
            "report_uploads",
        ),
        "ngx_http_upstream_fair_module": ("fair", "upstream_fair_shm_size"),
        "ngx_nchan_module": ("nchan_", "push_stream_"),
        "ngx_rtmp_module": ("rtmp", "rtmp_"),
        "ngx_http_brotli_filter_module": ("brotli", "brotli_"),
        "ngx_http_brotli_static_module": ("brotli_static",),
        "ngx_http_js_module": ("js_",),
        "ngx_stream_js_module": ("js_",),
        "ngx_http_vhost_traffic_status_module": ("vhost_traffic_status", "vhost_traffic_status_"),
        "ngx_http_modsecurity_module": ("modsecurity", "modsecurity_"),
    }
)


def provided_by(module: str, name: str) -> bool:
    """`name` is a directive of the third-party `module` (its file name without `.so`)."""
    for word in THIRD_PARTY.get(module, ()):
        if word.startswith("*"):
            if name.endswith(word[1:]):
                return True
        elif name == word or (word.endswith("_") and name.startswith(word)):
            return True
    return False
