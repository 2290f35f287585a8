"""PostgreSQL's built-in defaults for the settings Garrison judges (PostgreSQL 15, Debian 12 bookworm).

Source: the PostgreSQL 15 documentation (runtime-config-*) and postgresql.conf.sample. Where an older major
version differs, `default_for` says so: password_encryption was md5 before 14, ssl_min_protocol_version was
TLSv1 before 13; 14 to 17 (`releases.RELEASES`) share 15's defaults for every setting listed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from garrison.facts.postgresql.releases import REFERENCE_MAJOR, RELEASES, major_of

DEFAULTS_15: Mapping[str, str] = MappingProxyType(
    {
        "listen_addresses": "localhost",
        "port": "5432",
        "ssl": "off",
        "password_encryption": "scram-sha-256",
        "ssl_min_protocol_version": "TLSv1.2",
        "ssl_max_protocol_version": "",
        "ssl_ciphers": "HIGH:MEDIUM:+3DES:!aNULL",
        "ssl_prefer_server_ciphers": "on",
        "log_connections": "off",
        "log_disconnections": "off",
        "log_statement": "none",
        "primary_conninfo": "",
        "synchronous_standby_names": "",
    }
)


def default_for(name: str, version: str) -> str:
    """The compiled default of `name` in the release of `version` (the reference release's when the
    version is not known: `releases.REFERENCE_MAJOR`)."""
    major = major_of(version) or REFERENCE_MAJOR
    release = RELEASES.get(major)
    if release is not None and name in release.defaults:
        return release.defaults[name]
    if name == "password_encryption" and major < 14:
        return "md5"
    if name == "ssl_min_protocol_version" and major < 13:
        return "TLSv1"
    return DEFAULTS_15.get(name, "")
