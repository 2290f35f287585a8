"""Secrets facts: proxy secrets (summarised, never stored), proxy settings, secret files, log rotation."""

from __future__ import annotations

from dataclasses import dataclass

from garrison.effective import Effective, Source
from garrison.facts.secrets.shape import SecretSummary
from garrison.model import Dialect, Location, ParseIssue, SettingRef


def dialect_of(path: str) -> Dialect:
    """How a proxy configuration file is written: a compose file, mtg's TOML, else an env file."""
    if path.endswith((".yml", ".yaml")):
        return Dialect.COMPOSE
    return Dialect.TOML if path.endswith(".toml") else Dialect.ENV


class _Variable:
    """What a proxy secret or setting is set by: the env variable `name` at `location`, unless `ref`
    names another setting (a TOML key, a compose `environment` entry)."""

    __slots__ = ()
    name: str
    location: Location
    ref: SettingRef | None

    @property
    def setting(self) -> SettingRef:
        return self.ref or SettingRef(Dialect.ENV, self.location.path, self.name)


@dataclass(frozen=True, slots=True)
class ProxySecret(_Variable):
    name: str  # the variable or key holding it
    location: Location
    summary: SecretSummary
    ref: SettingRef | None = None  # None: the env variable `name` at `location`

    @property
    def effective(self) -> Effective[SecretSummary]:
        """The secret at its line, shown only as its description (never its value)."""
        return Effective(self.summary, self.summary.describe(), self.setting, self.location.line)


@dataclass(frozen=True, slots=True)
class ProxySetting(_Variable):
    name: str
    value: str
    location: Location
    ref: SettingRef | None = None  # None: the env variable `name` at `location`

    @property
    def effective(self) -> Effective[str]:
        return Effective(self.value, self.value, self.setting, self.location.line)


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

    @property
    def effective(self) -> Effective[str]:
        """`address:port` at the line that sets it."""
        text = f"{self.address}:{self.port}"
        return Effective(text, text, self.setting, self.location.line)


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

    @property
    def stanza(self) -> Effective[str]:
        """The directory's rotation: the stanza's line, or (none covers it) cited where it belongs."""
        if self.covered_by is None:
            return Effective(self.path, self.path, self.rotation, None, Source.DEFAULT)
        return Effective(self.path, self.path, self.rotation, self.covered_by.line)


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

    def effective(self, *names: str, default: str) -> Effective[str] | None:
        """The last of `names` set, else (not set) `default` as the first name, cited at the first proxy
        configuration file; None when no file configures a proxy."""
        if not self.proxy_configs:
            return None
        found = self.setting(*names)
        if found is not None:
            return found.effective
        home = self.proxy_configs[0]
        return Effective.default(dialect_of(home), home, names[0], default)
