"""Installed versions: the dpkg database (offline and live), then each program's own banner on a live host."""

from __future__ import annotations

from types import MappingProxyType

from garrison.errors import TargetFileError
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
from garrison.facts.versions.parse import parse_version_banner, parse_version_file
from garrison.model import Location
from garrison.targets.base import Capability, Target

#: The live commands, each printing only the program's version (on stderr for sshd and nginx).
BANNERS: dict[Program, tuple[str, ...]] = {
    Program.OPENSSH: ("sshd", "-V"),
    Program.NGINX: ("nginx", "-v"),
    Program.SYSTEMD: ("systemctl", "--version"),
}


#: The version files programs ship beside their code (globs, most specific first): a Debian package, the
#: upstream installers under /opt, a source install under /usr/local. They also tell a version where no
#: package was installed.
VERSION_FILES: dict[Program, tuple[str, ...]] = {
    Program.PROSODY: (
        "/usr/lib/prosody/prosody.version",
        "/usr/local/lib/prosody/prosody.version",
        "/opt/prosody/lib/prosody/prosody.version",
    ),
    Program.EJABBERD: (
        "/usr/lib/*/ejabberd-*/ebin/ejabberd.app",
        "/usr/lib/ejabberd-*/ebin/ejabberd.app",
        "/usr/local/lib/ejabberd-*/ebin/ejabberd.app",
        "/opt/ejabberd-*/lib/ejabberd-*/ebin/ejabberd.app",
        "/opt/ejabberd/lib/ejabberd-*/ebin/ejabberd.app",
    ),
}
MAX_VERSION_FILE = 256 * 1024


def _from_files(target: Target) -> dict[Program, InstalledVersion]:
    """Each program's version from the first of its version files that records one; a file that cannot be
    read is passed over (the dpkg version, when there is one, still counts)."""
    found: dict[Program, InstalledVersion] = {}
    for program, patterns in VERSION_FILES.items():
        for path in (p for pattern in patterns for p in target.glob(pattern)):
            try:
                recorded = parse_version_file(program, target.read_text(path, limit=MAX_VERSION_FILE))
            except TargetFileError:
                continue
            numbers = upstream_numbers(recorded[0]) if recorded else ()
            if recorded and numbers:
                version, line = recorded
                found[program] = InstalledVersion(
                    program, numbers, version, VersionSource.FILE, Location(path, line)
                )
                break
    return found


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


_READS = Reads(
    globs=tuple(p for patterns in VERSION_FILES.values() for p in patterns),
    commands=tuple(BANNERS.values()),
    needs=(PackagesFacts,),
)


@declares(_READS)
def gather_installed_versions(target: Target, store: FactStore) -> InstalledVersions:
    """dpkg first, then the programs' version files, then (live) their own banners: the later, the closer to
    the program that actually runs."""
    found = _from_dpkg(store.peek(PackagesFacts))
    found.update(_from_files(target))
    found.update(_from_banners(target))
    return InstalledVersions(MappingProxyType(found))
