"""Where a listener is declared, as a setting reference for evidence: (dialect, path, key, "port/proto").

Listeners come from every service pack in one shape (`facts.listeners.Listener`), which names the line but
not the setting; the dialect follows from the file (or the live socket list) and the key from the dialect's
spelling of a listening address. A line-less location is where the setting belongs (the built-in default).
"""

from __future__ import annotations

from garrison.facts.exposure.sockets import SS_SOURCE
from garrison.facts.listeners import Listener
from garrison.model import Dialect, SettingRef

#: The key each dialect binds a listener with.
_KEYS = {
    Dialect.NGINX: "listen",
    Dialect.EJABBERD: "listen",
    Dialect.EJABBERDCTL: "ERL_EPMD_ADDRESS",
    Dialect.PROSODY: "interfaces",
    Dialect.POSTGRESQL: "listen_addresses",
    Dialect.COMPOSE: "ports",
    Dialect.KAMAILIO: "listen",
    Dialect.SIP: "listen",
    Dialect.ENV: "listen",
    Dialect.LIVE: "listening socket",
}
#: Which dialect a file is written in, by the service that reported the listener.
_SERVICES = {
    "nginx": Dialect.NGINX,
    "ejabberd": Dialect.EJABBERD,
    "prosody": Dialect.PROSODY,
    "postgresql": Dialect.POSTGRESQL,
    "kamailio": Dialect.KAMAILIO,
}


def dialect_of(listener: Listener, path: str) -> Dialect:
    if path == SS_SOURCE or listener.service.startswith("live"):
        return Dialect.LIVE
    if listener.service.startswith("compose:"):
        return Dialect.COMPOSE
    if path.endswith("ejabberdctl.cfg"):
        return Dialect.EJABBERDCTL
    if path.endswith(".env") or "/default/" in path:
        return Dialect.ENV
    return _SERVICES.get(listener.service, Dialect.SIP)


def declared_at(listener: Listener) -> SettingRef | None:
    """The setting that makes `listener` listen; None when it has no location."""
    if listener.location is None:
        return None
    path = listener.location.path
    dialect = dialect_of(listener, path)
    return SettingRef(dialect, path, _KEYS[dialect], f"{listener.port}/{listener.proto}")
