"""The shared result vocabulary: severities, statuses, locations, evidence, outcomes and findings.

Every layer speaks these types: parsers report `ParseIssue`s, rules return an `Outcome`, the engine turns
outcomes into `Finding`s, and reports render findings. All are frozen, slotted dataclasses; anything that is
serialised is a `StrEnum`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe: critical 4 ... info 0."""
        return _SEVERITY_RANK[self]

    @property
    def weight(self) -> int:
        """Weight in the hardening index; info findings do not move the score."""
        return _SEVERITY_WEIGHT[self]


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}
_SEVERITY_WEIGHT = {
    Severity.CRITICAL: 10,
    Severity.HIGH: 6,
    Severity.MEDIUM: 3,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"
    WAIVED = "waived"


@dataclass(frozen=True, slots=True)
class Location:
    """A place on the target: the path as the target sees it (never a --root prefix) and a 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """Something a parser could not understand, with where it was."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class EvidenceRole(StrEnum):
    """What a piece of evidence is to the verdict."""

    SETTING = "setting"  # the setting (line, value, socket, file mode) that decides the verdict
    CONTEXT = "context"  # what frames the deciding setting: its Match block, server, unit, firewall rule
    DEFAULT = "default"  # an absent setting: the file where it belongs (line None), the built-in default
    FILE = "file"  # the file as a whole (unreadable, unparseable, too open, holds a secret)


class Dialect(StrEnum):
    """The configuration language a setting is written in (what a fix must edit it as)."""

    SSHD = "sshd"
    SYSCTL = "sysctl"
    NGINX = "nginx"
    PROSODY = "prosody"
    EJABBERD = "ejabberd"
    EJABBERDCTL = "ejabberdctl"
    POSTGRESQL = "postgresql"
    PG_HBA = "pg_hba"
    SYSTEMD = "systemd"
    COMPOSE = "compose"
    DOCKERFILE = "dockerfile"
    ENV = "env"
    TOML = "toml"  # TOML configs without a dialect of their own (mtg's MTProto proxy config)
    KAMAILIO = "kamailio"
    SIP = "sip"  # other SIP servers' and SIPREC's key=value configs
    IPTABLES = "iptables"
    NFTABLES = "nftables"
    UFW = "ufw"
    SUDOERS = "sudoers"
    LOGIN_DEFS = "login.defs"
    PAM = "pam"
    PWQUALITY = "pwquality"
    PASSWD = "passwd"
    GROUP = "group"
    SHADOW = "shadow"
    FSTAB = "fstab"
    APT = "apt"
    APT_SOURCES = "apt-sources"  # sources.list one-line entries and deb822 .sources stanzas
    DPKG = "dpkg"
    SYSTEMD_ENABLEMENT = "systemd-enablement"  # unit symlinks in *.wants/, masks
    LOGROTATE = "logrotate"
    FILE_MODE = "file-mode"  # a path's permission bits and owner (key: "mode" or "owner")
    PEM = "pem"  # certificate, key and DH material
    RSYSLOG = "rsyslog"  # rsyslog.conf(5): legacy selector lines and RainerScript
    SYSLOG_NG = "syslog-ng"  # syslog-ng.conf(5) blocks
    CHRONY = "chrony"  # chrony.conf(5) directives
    NTP = "ntp"  # ntp.conf(5) of ntp / ntpsec
    MAIL_ALIASES = "aliases"  # aliases(5): `name: address, ...`
    SHELL = "shell"  # sh startup files (/etc/profile, profile.d, ~/.profile, ~/.bashrc) and their assignments
    MODPROBE = "modprobe"  # modprobe.d(5) commands (`install`, `blacklist`)
    APPARMOR = "apparmor"  # AppArmor profile files (/etc/apparmor.d) and their flags
    GRUB = "grub"  # /etc/default/grub shell assignments (GRUB_CMDLINE_LINUX...)
    LIVE = "live"  # live state read from a command (sshd -T, ss, iptables-save): not editable as such


@dataclass(frozen=True, slots=True)
class SettingRef:
    """Which setting evidence is about, for fixes, SARIF fingerprints and the history: `(sshd,
    /etc/ssh/sshd_config, PasswordAuthentication, Match User backup)`. `scope` is None at file level."""

    dialect: Dialect
    path: str
    key: str
    scope: str | None = None

    def __str__(self) -> str:
        inside = f" [{self.scope}]" if self.scope else ""
        return f"{self.dialect.value}:{self.path}:{self.key}{inside}"


class Relation(StrEnum):
    """How an expected value is meant."""

    EQUALS = "equals"
    ONE_OF = "one-of"
    NONE_OF = "none-of"
    AT_LEAST = "at-least"
    AT_MOST = "at-most"
    PRESENT = "present"  # the setting must be set (any value)
    ABSENT = "absent"  # the setting (or the thing) must not be there


@dataclass(frozen=True, slots=True)
class Wanted:
    """`expected` as data: `Wanted(ONE_OF, ("no", "prohibit-password"))`."""

    relation: Relation
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a rule decided as it did.

    `location` is where the deciding setting is, or where it belongs when absent (then `line` is None and
    `actual` is the program's built-in default). `role` says which of those it is; `setting` names the
    setting for machines (fixes, SARIF, history); `subject` names the unit, virtual host, cluster, server or
    file it was judged for; `wanted` is `expected` as data. Secret values are redacted before they get here.
    """

    location: Location | None
    actual: str | None
    expected: str | None = None
    role: EvidenceRole | None = None
    setting: SettingRef | None = None
    subject: str | None = None
    wanted: Wanted | None = None

    @property
    def path(self) -> str | None:
        return None if self.location is None else self.location.path

    @property
    def line(self) -> int | None:
        return None if self.location is None else self.location.line


@dataclass(frozen=True, slots=True)
class Outcome:
    """The verdict of one rule on one target."""

    status: Status
    message: str
    evidence: tuple[Evidence, ...] = ()


def passed(message: str, *evidence: Evidence) -> Outcome:
    return Outcome(Status.PASS, message, evidence)


def failed(message: str, *evidence: Evidence) -> Outcome:
    return Outcome(Status.FAIL, message, evidence)


def not_applicable(message: str) -> Outcome:
    return Outcome(Status.NOT_APPLICABLE, message)


def unknown(message: str, *evidence: Evidence) -> Outcome:
    return Outcome(Status.UNKNOWN, message, evidence)


def errored(message: str, *evidence: Evidence) -> Outcome:
    return Outcome(Status.ERROR, message, evidence)


def evidence(
    path: str | None,
    line: int | None,
    actual: object | None,
    expected: object | None = None,
    *,
    role: EvidenceRole | None = None,
    setting: SettingRef | None = None,
    subject: str | None = None,
    wanted: Wanted | None = None,
) -> Evidence:
    """Shorthand for `Evidence(Location(path, line), str(actual), str(expected), ...)`; None stays None."""
    location = None if path is None else Location(path, line)
    return Evidence(
        location,
        None if actual is None else str(actual),
        None if expected is None else str(expected),
        role,
        setting,
        subject,
        wanted,
    )


@dataclass(frozen=True, slots=True)
class ExpiredWaiver:
    """A waiver that matched the rule but whose date has passed: the finding counts again, and says why."""

    rule: str
    reason: str
    expires: date


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's outcome in a report, with the rule's metadata the renderers need."""

    rule_id: str
    title: str
    severity: Severity
    status: Status
    message: str
    evidence: tuple[Evidence, ...]
    rationale: str
    remediation: str
    tags: tuple[str, ...] = ()
    waiver_reason: str | None = None
    #: The failure stated as a fact (the rule's `problem`), shown instead of the title on a FAIL line.
    problem: str = ""
    expired_waiver: ExpiredWaiver | None = None
    #: The rule's sources: guide steps (`guide:002 step 1`), standards.
    references: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        """What a report's line for this finding says: the problem when it failed, else the title."""
        return self.problem if self.status is Status.FAIL and self.problem else self.title

    @property
    def domain(self) -> str:
        return self.rule_id.split(".", 1)[0]
