"""The PostgreSQL facts: each cluster's effective settings and pg_hba.conf records, plus roles when live.

    PostgresFacts(clusters=(PgCluster(version="15", name="main",
                  conf_path="/etc/postgresql/15/main/postgresql.conf",
                  settings={"listen_addresses": PgSetting("listen_addresses", "*", Location(path, 60)), ...},
              hba=(HbaEntry("host", ("all",), ("all",), "127.0.0.1/32", None, "scram-sha-256", ...),)),),
                  roles=(PgRole("ejabberd", superuser=False, ...), ...) or None when they cannot be listed)

`settings` holds only what the files set (last one wins, postgresql.auto.conf last of all);
`PgCluster.effective(name)` gives the effective value, the built-in default of that version when not set.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field

from garrison.effective import Effective
from garrison.facts.listeners import IpProtocol, Listener, ReportsListeners
from garrison.facts.placeholders import has_placeholder
from garrison.facts.postgresql.defaults import default_for
from garrison.facts.postgresql.releases import REFERENCE_MAJOR, release_for
from garrison.facts.quoting import shown
from garrison.facts.tlsrefs import ReferencesTls, TlsFileRef, TlsFileRole
from garrison.model import Dialect, Location, ParseIssue, SettingRef

#: How parsers start the message of a `ParseIssue` that is an unrendered template, not a syntax error.
PLACEHOLDER_ISSUE = "unrendered template placeholder"
_TRUE = ("on", "true", "yes", "1")
_FALSE = ("off", "false", "no", "0")


def pg_bool(value: str) -> bool | None:
    """PostgreSQL's boolean parsing (any unique prefix of on/off/true/false/yes/no, 1, 0); None if invalid."""
    text = value.strip().lower()
    if len(text) >= 2 or text in ("1", "0", "t", "f", "y", "n"):
        if any(word.startswith(text) for word in _TRUE) and not any(w.startswith(text) for w in _FALSE):
            return True
        if any(word.startswith(text) for word in _FALSE) and not any(w.startswith(text) for w in _TRUE):
            return False
    return None


@dataclass(frozen=True, slots=True)
class PgSetting:
    name: str  # lower case, as PostgreSQL folds it
    value: str  # unquoted text; booleans as on/off
    location: Location


@dataclass(frozen=True, slots=True)
class HbaEntry:
    conntype: str  # local, host, hostssl, hostnossl, hostgssenc, hostnogssenc
    databases: tuple[str, ...]
    users: tuple[str, ...]
    address: str | None
    netmask: str | None
    method: str
    location: Location

    @property
    def network(self) -> bool:
        return self.conntype != "local"

    @property
    def key(self) -> str:
        """What the record matches, as a fix finds it: `host all all 0.0.0.0/0` (type, database, user,
        address)."""
        parts = [self.conntype, ",".join(self.databases), ",".join(self.users), self.address, self.netmask]
        return " ".join(p for p in parts if p)

    def setting(self, scope: str | None = None) -> SettingRef:
        """The record as a pg_hba.conf setting of cluster `scope`."""
        return SettingRef(Dialect.PG_HBA, self.location.path, self.key, scope)

    @property
    def open_to_world(self) -> bool:
        if not self.network or self.address is None:
            return False
        if self.address in ("all", "0.0.0.0/0", "::/0", "::0/0"):
            return True
        return self.address in ("0.0.0.0", "::") and self.netmask in ("0.0.0.0", "::")

    @property
    def loopback_only(self) -> bool:
        """True for `local` lines and host lines that match only loopback addresses."""
        if not self.network:
            return True
        if self.address in ("samehost", "localhost"):
            return True
        try:
            net = ipaddress.ip_network(self.address or "", strict=False)
        except ValueError:
            return False
        if self.netmask is not None:
            try:
                net = ipaddress.ip_network(f"{self.address}/{self.netmask}", strict=False)
            except ValueError:
                return False
        return net.is_loopback


@dataclass(frozen=True, slots=True)
class PgCluster:
    version: str  # "15"
    name: str  # "main"
    conf_path: str
    settings: Mapping[str, PgSetting]
    hba_path: str
    hba: tuple[HbaEntry, ...]
    files: tuple[str, ...]  # every configuration file read
    data_directory: str | None = None
    standby: bool = False  # standby.signal in the data directory
    conf_issues: tuple[ParseIssue, ...] = ()
    hba_issues: tuple[ParseIssue, ...] = ()
    modes: Mapping[str, int] = field(default_factory=dict)  # permission bits of each file read
    unreadable: Mapping[str, Location] = field(default_factory=dict)  # name -> its last line, refused
    unknown: tuple[PgSetting, ...] = ()  # names the release does not know: never applied, the server refuses
    version_known: bool = True  # False: no version directory nor PG_VERSION, judged as the reference release
    shadowed: Mapping[HbaEntry, HbaEntry] = field(default_factory=dict)  # record -> the earlier one that wins

    @property
    def label(self) -> str:
        return f"{self.version}/{self.name}"

    def get(self, name: str) -> PgSetting | None:
        return self.settings.get(name)

    def value(self, name: str) -> str:
        """The effective value: what the files set, else the built-in default of this version."""
        found = self.settings.get(name)
        return found.value if found is not None else default_for(name, self.version)

    def effective(self, name: str) -> Effective[str]:
        """The effective value where it is set, or (not set) the version's built-in default cited at the
        cluster's postgresql.conf; scoped to the cluster ("15/main")."""
        found = self.settings.get(name)
        if found is None:
            default = default_for(name, self.version)
            return Effective.default(Dialect.POSTGRESQL, self.conf_path, name, default, scope=self.label)
        where = found.location
        return Effective.at(
            Dialect.POSTGRESQL, where.path, name, found.value, line=where.line, scope=self.label
        )

    @property
    def version_note(self) -> str:
        """Empty when the release's names and defaults are known; else what the cluster is judged by."""
        if not self.version_known:
            return f"version unknown, judged as PostgreSQL {REFERENCE_MAJOR} (Debian 12)"
        if release_for(self.version) is None:
            return f"PostgreSQL {self.version} is not in the release table: names unchecked, defaults of 15"
        return ""

    @property
    def applying_hba(self) -> tuple[HbaEntry, ...]:
        """The records a connection can reach: those no earlier record shadows (the first match wins)."""
        return tuple(e for e in self.hba if e not in self.shadowed)

    def refusals(self, *, with_hba: bool = False) -> tuple[ParseIssue, ...]:
        """What makes the server refuse to start (syntax, includes, unknown names), in file order per kind;
        unrendered placeholders are left out (they are templates, not mistakes)."""
        unknown = tuple(
            ParseIssue(s.location, f"unrecognized configuration parameter {shown(s.name)!r}")
            for s in self.unknown
        )
        issues = self.conf_issues + unknown + (self.hba_issues if with_hba else ())
        return tuple(i for i in issues if not i.message.startswith(PLACEHOLDER_ISSUE))

    def readable(self, *, with_hba: bool = False) -> bool:
        """Whether there is anything to judge: postgresql.conf (and pg_hba.conf) could be read."""
        return self.conf_path in self.files and (not with_hba or self.hba_path in self.files)

    def first_issue(self, *, with_hba: bool = False) -> tuple[ParseIssue, bool] | None:
        """What keeps the cluster from being judged, and whether it is only an unrendered template
        placeholder (a real syntax error, include or loop problem is named first)."""
        issues = self.conf_issues + (self.hba_issues if with_hba else ())
        real = [i for i in issues if not i.message.startswith(PLACEHOLDER_ISSUE)]
        if real:
            return real[0], False
        return (issues[0], True) if issues else None

    def addresses(self) -> tuple[str, ...]:
        return tuple(a.strip() for a in self.value("listen_addresses").split(",") if a.strip())

    def port(self) -> int:
        try:
            return int(self.value("port"))
        except ValueError:
            return 5432


#: Where live role attributes are cited: the command that lists them (`psql ... pg_roles`).
ROLES_SOURCE = "psql pg_roles"


@dataclass(frozen=True, slots=True)
class PgRole:
    name: str
    superuser: bool
    createdb: bool
    replication: bool

    def setting(self, attribute: str) -> SettingRef:
        """The role attribute (`SUPERUSER`) as live state: ALTER ROLE changes it, no file does."""
        return SettingRef(Dialect.LIVE, ROLES_SOURCE, attribute, f"role {self.name}")


@dataclass(frozen=True, slots=True)
class PostgresFacts(ReportsListeners, ReferencesTls):
    clusters: tuple[PgCluster, ...]
    roles: tuple[PgRole, ...] | None = None  # None: the role list cannot be read here
    roles_note: str = "roles are only visible on a live host"

    def listeners(self) -> tuple[Listener, ...]:
        found = []
        for cluster in self.clusters:
            where = cluster.get("listen_addresses")
            location = where.location if where is not None else Location(cluster.conf_path)
            for address in cluster.addresses():
                found.append(
                    Listener("postgresql", address, cluster.port(), IpProtocol.TCP, cluster.label, location)
                )
        return tuple(found)

    def tls_files(self) -> tuple[TlsFileRef, ...]:
        found = []
        roles = (
            ("ssl_cert_file", TlsFileRole.CERTIFICATE),
            ("ssl_key_file", TlsFileRole.PRIVATE_KEY),
            ("ssl_ca_file", TlsFileRole.CA_BUNDLE),
            ("ssl_dh_params_file", TlsFileRole.DH_PARAMS),
        )
        for cluster in self.clusters:
            if pg_bool(cluster.value("ssl")) is not True:
                continue
            for name, role in roles:
                setting = cluster.get(name)
                if setting is None or not setting.value or has_placeholder(setting.value):
                    continue
                path = setting.value
                if not path.startswith("/") and cluster.data_directory:
                    path = f"{cluster.data_directory.rstrip('/')}/{path}"
                if path.startswith("/"):
                    found.append(TlsFileRef(path, role, "postgresql", (), setting.location))
        return tuple(found)
