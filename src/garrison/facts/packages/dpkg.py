"""Installed packages from the dpkg status database, /var/lib/dpkg/status (dpkg 1.21, Debian 12).

Each stanza is deb822: `Field: value` lines, continuation lines start with a blank, stanzas are separated by
blank lines. `Status: <want> <error-flag> <state>` — `hold ok installed` is a package on hold.
`parse_dpkg_status` is pure and never raises; it keeps only the fields the rules use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from garrison.model import Dialect, Location, ParseIssue, SettingRef

DPKG_STATUS = "/var/lib/dpkg/status"

#: States in which the package's files are on disk and configured or about to be (dpkg(1) "package states").
INSTALLED_STATES = frozenset({"installed", "half-configured", "triggers-awaited", "triggers-pending"})


@dataclass(frozen=True, slots=True)
class DpkgPackage:
    name: str
    version: str
    want: str  # install | hold | deinstall | purge | unknown
    state: str  # installed | config-files | not-installed | unpacked | half-installed | ...
    location: Location
    architecture: str = ""

    @property
    def installed(self) -> bool:
        return self.state in INSTALLED_STATES

    @property
    def held(self) -> bool:
        return self.want == "hold"

    @property
    def setting(self) -> SettingRef:
        """The package's `Status:` (selection and state) in the dpkg database."""
        return SettingRef(Dialect.DPKG, self.location.path, "Status", self.name)


@dataclass(frozen=True, slots=True)
class PackagesFacts:
    """Packages by name (for a multi-arch name, the first installed instance)."""

    packages: Mapping[str, DpkgPackage] = field(default_factory=lambda: MappingProxyType({}))
    source: str = DPKG_STATUS
    live_holds: tuple[str, ...] | None = None  # `apt-mark showhold` on a live host

    def installed(self, name: str) -> DpkgPackage | None:
        package = self.packages.get(name)
        return package if package is not None and package.installed else None

    def any_installed(self, *names: str) -> tuple[DpkgPackage, ...]:
        return tuple(p for p in (self.installed(n) for n in names) if p is not None)

    @property
    def held(self) -> tuple[DpkgPackage, ...]:
        """Held packages: `hold` in the status file, plus any `apt-mark showhold` reported live."""
        found = [p for p in self.packages.values() if p.held]
        for name in self.live_holds or ():
            if all(p.name != name for p in found):
                found.append(DpkgPackage(name, "", "hold", "unknown", Location(self.source)))
        return tuple(found)


def _stanza(fields: dict[str, str], start: int, path: str, issues: list[ParseIssue]) -> DpkgPackage | None:
    where = Location(path, start)
    name = fields.get("package", "").strip()
    status = fields.get("status", "").split()
    if not name or len(status) != 3:
        issues.append(ParseIssue(where, "stanza without a Package name or a three-word Status"))
        return None
    want, _flag, state = status
    return DpkgPackage(
        name, fields.get("version", "").strip(), want, state, where, fields.get("architecture", "").strip()
    )


def parse_dpkg_status(text: str, path: str = DPKG_STATUS) -> tuple[PackagesFacts, tuple[ParseIssue, ...]]:
    """Pure, never raises. deb822 stanzas -> packages by name, issues."""
    packages: dict[str, DpkgPackage] = {}
    issues: list[ParseIssue] = []
    fields: dict[str, str] = {}
    start = 1
    last = ""
    lines = text.split("\n")
    for number, raw in enumerate([*lines, ""], start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            if fields:
                package = _stanza(fields, start, path, issues)
                if package is not None:
                    known = packages.get(package.name)
                    if known is None or (package.installed and not known.installed):
                        packages[package.name] = package
            fields, last = {}, ""
            continue
        if not fields:
            start = number
        if line[0] in " \t":
            if last in ("package", "status", "version", "architecture"):
                issues.append(ParseIssue(Location(path, number), f"continuation of single-line field {last}"))
            continue
        key, colon, value = line.partition(":")
        if not colon or not key or " " in key:
            issues.append(ParseIssue(Location(path, number), "not a `Field: value` line"))
            continue
        last = key.strip().lower()
        fields[last] = value.strip()
    return PackagesFacts(MappingProxyType(packages), path), tuple(issues)


def parse_showhold(text: str) -> tuple[str, ...]:
    """Pure, never raises. `apt-mark showhold` prints one package name per line."""
    return tuple(
        dict.fromkeys(line.strip() for line in text.splitlines() if line.strip() and " " not in line.strip())
    )
