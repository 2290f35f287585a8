"""MTProto proxy configuration from env files, compose environments and mtg TOML configs.

Recognised: secret variables (`MTG_SECRET`, `SECRET` (comma-separated list), `MTPROTO_SECRET`, ...), the
settings `MTG_MAX_CONNECTIONS_PER_IP`, `MTG_SECURE_ONLY`, `MTG_STATS_BIND` / `STATS_BIND`, and in mtg 2's
TOML `secret = "..."` and `bind-to` under `[stats.prometheus]`. Secrets are summarised, never kept.
Pure and never raises.
"""

from __future__ import annotations

import re

from garrison.facts.secrets.model import Binding, ProxySecret, ProxySetting
from garrison.facts.secrets.shape import MTPROTO_SECRET_NAMES, summarise_mtproto_secret
from garrison.model import Dialect, Location, SettingRef

SETTINGS = frozenset(
    {"MTG_MAX_CONNECTIONS_PER_IP", "MAX_CONNECTIONS_PER_IP", "MTG_SECURE_ONLY", "SECURE_ONLY", "MTG_PORT"}
)
#: Settings naming the client-facing proxy port.
PORT_SETTINGS = ("MTG_PORT", "MTG_BIND_TO", "COMPOSE_PORT")
STATS_NAMES = frozenset({"MTG_STATS_BIND", "STATS_BIND", "MTG_STATS"})
_ENV = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")
_TOML = re.compile(r'^\s*([A-Za-z0-9_\-]+)\s*=\s*"([^"]*)"')


def split_addr(text: str) -> tuple[str, int] | None:
    value = text.strip().strip("\"'")
    address, sep, port = value.rpartition(":")
    if not sep:
        address, port = "0.0.0.0", value
    if not port.isdigit() or not 0 < int(port) <= 65535:
        return None
    return address.strip("[]") or "0.0.0.0", int(port)


Found = tuple[list[ProxySecret], list[ProxySetting], list[Binding]]


#: Secret names too generic to mean MTProto on their own (telegrammessenger/proxy uses SECRET).
GENERIC_NAMES = frozenset({"SECRET", "SECRETS"})
_CONTEXT = re.compile(r"(?im)^\s*(?:export\s+)?(MTG_|MTPROTO|MTPROXY|TG_PROXY|TAG=|WORKERS=)")


def from_env_text(text: str, path: str) -> Found:
    secrets: list[ProxySecret] = []
    settings: list[ProxySetting] = []
    stats: list[Binding] = []
    for number, raw in enumerate(text.splitlines(), 1):
        match = _ENV.match(raw)
        if match is None or raw.lstrip().startswith("#"):
            continue
        name, value = match.group(1).upper(), match.group(2).strip().strip("\"'")
        where = Location(path, number)
        if name in GENERIC_NAMES and not _CONTEXT.search(text):
            continue  # a SECRET=... of some other application
        if name in MTPROTO_SECRET_NAMES:
            for part in (p for p in value.split(",") if p.strip()):
                secrets.append(ProxySecret(name, where, summarise_mtproto_secret(part)))
        elif name in SETTINGS:
            settings.append(ProxySetting(name, value, where))
        elif name in STATS_NAMES and (addr := split_addr(value)) is not None:
            stats.append(Binding(addr[0], addr[1], where, SettingRef(Dialect.ENV, path, name)))
    return secrets, settings, stats


def from_mtg_toml(text: str, path: str) -> Found:
    secrets: list[ProxySecret] = []
    stats: list[Binding] = []
    ports: list[ProxySetting] = []
    section = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line.strip("[] ")
            continue
        match = _TOML.match(line)
        if match is None:
            continue
        key, value = match.group(1).lower(), match.group(2)
        where = Location(path, number)
        if key == "secret" and section == "":
            ref = SettingRef(Dialect.TOML, path, key)
            secrets.append(ProxySecret("secret", where, summarise_mtproto_secret(value), ref))
        elif key == "bind-to" and section.startswith("stats") and (addr := split_addr(value)) is not None:
            stats.append(Binding(addr[0], addr[1], where, SettingRef(Dialect.TOML, path, key, section)))
        elif key == "bind-to" and section == "" and (addr := split_addr(value)) is not None:
            ports.append(
                ProxySetting("MTG_BIND_TO", str(addr[1]), where, SettingRef(Dialect.TOML, path, key))
            )
    return secrets, ports, stats
