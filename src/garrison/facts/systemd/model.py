"""The systemd facts: service units as systemd would load them (fragment plus drop-ins, systemd 252).

    SystemdFacts(units=(ServiceUnit(name="nginx.service", fragment="/lib/systemd/system/nginx.service",
                 files=(fragment, *drop-ins in the order systemd applies them),
                 assignments=(UnitAssignment("Service", "User", "www-data", Location(...)), ...)), ...))

A rule asks a unit for a setting's effective assignment (`last`) or an effective list (`list_of`, after the
last empty assignment that resets it).
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.model import Dialect, Location, ParseIssue, SettingRef

_TRUE = frozenset({"1", "yes", "y", "true", "t", "on"})
_FALSE = frozenset({"0", "no", "n", "false", "f", "off"})


def parse_bool(value: str) -> bool | None:
    """systemd's parse_boolean(); None when the text is not a boolean."""
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


@dataclass(frozen=True, slots=True)
class UnitAssignment:
    section: str
    key: str
    value: str
    location: Location


@dataclass(frozen=True, slots=True)
class ServiceUnit:
    name: str  # "nginx.service", "postgresql@.service"
    fragment: str  # the main unit file on the target
    files: tuple[str, ...]  # fragment, then the drop-ins in application order
    assignments: tuple[UnitAssignment, ...]  # every file's assignments, in application order
    vendor: bool  # the fragment comes from the distribution's unit directory
    issues: tuple[ParseIssue, ...] = ()
    section: Location | None = None  # the fragment's [Service] header: where the unit's sandbox lives

    def all_of(self, key: str, section: str = "Service") -> tuple[UnitAssignment, ...]:
        return tuple(a for a in self.assignments if a.key == key and a.section == section)

    def last(self, key: str, section: str = "Service") -> UnitAssignment | None:
        """The assignment that decides a single-valued setting (the last one wins), None when unset."""
        found = self.all_of(key, section)
        return found[-1] if found else None

    def list_of(self, key: str, section: str = "Service") -> tuple[UnitAssignment, ...]:
        """A list setting's effective assignments: those after the last empty assignment (a reset)."""
        found = self.all_of(key, section)
        resets = [i for i, a in enumerate(found) if not a.value]
        return found[resets[-1] + 1 :] if resets else found

    def ref(self, key: str, item: UnitAssignment | None = None, section: str = "Service") -> SettingRef:
        """`key` as a fix edits it: in the file of the deciding assignment, else (unset) in the fragment;
        scoped to the unit's section (`[Service] of nginx.service`)."""
        path = self.fragment if item is None else item.location.path
        return SettingRef(Dialect.SYSTEMD, path, key, f"[{section}] of {self.name}")

    @property
    def service_type(self) -> str:
        chosen = self.last("Type")
        return chosen.value.strip() if chosen is not None and chosen.value.strip() else "simple"


@dataclass(frozen=True, slots=True)
class SystemdFacts:
    """The service units Garrison judges (network services and admin-written units), sorted by name."""

    units: tuple[ServiceUnit, ...]
    masked: tuple[str, ...] = ()
    #: DefaultLimitNOFILE= from system.conf (and system.conf.d), the limit units inherit; None: built-in.
    default_limit_nofile: UnitAssignment | None = None
    #: The installed systemd's major version (252), None when it could not be read.
    version: int | None = None
    version_source: Location | None = None  # where it was read (the dpkg stanza or `systemctl --version`)
