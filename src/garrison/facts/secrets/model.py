"""Secrets facts: proxy secrets (summarised, never stored), proxy settings, secret files, log rotation."""

from __future__ import annotations

from dataclasses import dataclass

from garrison.facts.secrets.shape import SecretSummary
from garrison.model import Dialect, Location, ParseIssue, SettingRef


def dialect_of(path: str) -> Dialect:
    """How a proxy configuration file is written: a compose file, mtg's TOML, else an env file."""
    if path.endswith((".yml", ".yaml")):
        return Dialect.COMPOSE
    return Dialect.TOML if path.endswith(".toml") else Dialect.ENV


@dataclass(frozen=True, slots=True)
class ProxySecret:
    name: str  # the variable or key holding it
    location: Location
    summary: SecretSummary
    ref: SettingRef | None = None  # None: the env variable `name` at `location`

    @property
    def setting(self) -> SettingRef:
        return self.ref or SettingRef(Dialect.ENV, self.location.path, self.name)


@dataclass(frozen=True, slots=True)
class ProxySetting:
    name: str
    value: str
    location: Location
    ref: SettingRef | None = None  # None: the env variable `name` at `location`

    @property
    def setting(self) -> SettingRef:
        return self.ref or SettingRef(Dialect.ENV, self.location.path, self.name)


@dataclass(frozen=True, slots=True)
class SensitiveFile:
    path: str
    kind: str  # "private key", "secret file", "env file", "secrets directory entry"
    mode: int
    uid: int


@dataclass(frozen=True, slots=True)
class Binding:
    """Where an MTProto proxy (or its statistics endpoint) listens: env, mtg config or a compose port."""

    address: str
    port: int
    location: Location
    setting: SettingRef  # the variable, TOML key or compose `ports` entry that sets it


@dataclass(frozen=True, slots=True)
class LogDir:
    service: str
    path: str
    files: tuple[tuple[str, int], ...]  # (path, mode) of the log files in it
    covered_by: Location | None  # the logrotate stanza covering it, None when none does

    @property
    def rotation(self) -> SettingRef:
        """The logrotate stanza for the directory's logs: where it is, or where it belongs."""
        path = self.covered_by.path if self.covered_by is not None else f"/etc/logrotate.d/{self.service}"
        return SettingRef(Dialect.LOGROTATE, path, f"{self.path}/*.log")


@dataclass(frozen=True, slots=True)
class SecretsFacts:
    proxy_secrets: tuple[ProxySecret, ...] = ()
    proxy_settings: tuple[ProxySetting, ...] = ()
    proxy_configs: tuple[str, ...] = ()  # files that configure an MTProto proxy
    stats: tuple[Binding, ...] = ()
    sensitive_files: tuple[SensitiveFile, ...] = ()
    log_dirs: tuple[LogDir, ...] = ()
    unreadable: tuple[ParseIssue, ...] = ()  # proxy config files that could not be read (binary, denied)

    def setting(self, *names: str) -> ProxySetting | None:
        found = [s for s in self.proxy_settings if s.name in names]
        return found[-1] if found else None
