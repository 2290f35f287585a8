"""Installed versions: the dpkg database (offline and live), then each program's own banner on a live host."""

from __future__ import annotations

from types import MappingProxyType

from garrison.facts.packages import PackagesFacts
from garrison.facts.reads import Reads, declares
from garrison.facts.store import FactStore
from garrison.facts.versions.model import (
    PACKAGES,
    InstalledVersion,
    InstalledVersions,
    Program,
    VersionSource,
    upstream_numbers,
)
from garrison.facts.versions.parse import parse_version_banner
from garrison.model import Location
from garrison.targets.base import Capability, Target

#: The live commands, each printing only the program's version (on stderr for sshd and nginx).
BANNERS: dict[Program, tuple[str, ...]] = {
    Program.OPENSSH: ("sshd", "-V"),
    Program.NGINX: ("nginx", "-v"),
    Program.SYSTEMD: ("systemctl", "--version"),
}


def _from_dpkg(packages: PackagesFacts | None) -> dict[Program, InstalledVersion]:
    found: dict[Program, InstalledVersion] = {}
    if packages is None:
        return found
    for program, names in PACKAGES.items():
        for package in packages.any_installed(*names):
            numbers = upstream_numbers(package.version)
            if numbers:
                found[program] = InstalledVersion(
                    program, numbers, package.version, VersionSource.DPKG, package.location
                )
                break
    return found


def _from_banners(target: Target) -> dict[Program, InstalledVersion]:
    found: dict[Program, InstalledVersion] = {}
    if Capability.COMMANDS not in target.capabilities:
        return found
    for program, argv in BANNERS.items():
        result = target.run(argv, timeout=5.0)
        if not result.ran:
            continue
        text = parse_version_banner(program, result.stderr + "\n" + result.stdout)
        numbers = upstream_numbers(text or "")
        if text and numbers:
            where = Location(" ".join(argv), 1)
            found[program] = InstalledVersion(program, numbers, text, VersionSource.LIVE, where)
    return found


@declares(Reads(commands=tuple(BANNERS.values()), needs=(PackagesFacts,)))
def gather_installed_versions(target: Target, store: FactStore) -> InstalledVersions:
    found = _from_dpkg(store.peek(PackagesFacts))
    found.update(_from_banners(target))
    return InstalledVersions(MappingProxyType(found))
