"""Whether the host waits for a reboot: the reboot-required flag and the running kernel's package.

Debian's and Ubuntu's package scripts (update-notifier-common, unattended-upgrades, the kernel's postinst
hook) create /var/run/reboot-required and list the packages in /var/run/reboot-required.pkgs. The running
kernel is /proc/sys/kernel/osrelease (`6.1.0-18-amd64`), packaged as `linux-image-<release>` (Ubuntu also
`linux-image-unsigned-<release>`); /proc/version ends in `Debian 6.1.76-1 (...)` on Debian and
/proc/version_signature reads `Ubuntu 5.15.0-91.101-generic 5.15.131` on Ubuntu: the package version the
running image was built as, which tells a kernel updated in place (same ABI) apart from the one running.
The parsers are pure and never raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.facts.packages.dpkg import DpkgPackage, PackagesFacts
from garrison.facts.packages.lists import newer

REBOOT_REQUIRED = "/var/run/reboot-required"
REBOOT_PACKAGES = "/var/run/reboot-required.pkgs"
OSRELEASE = "/proc/sys/kernel/osrelease"
PROC_VERSION = "/proc/version"
VERSION_SIGNATURE = "/proc/version_signature"
_KERNEL = re.compile(r"^linux-image-(?:unsigned-)?(\d[\w.+~-]*)$")
_DEBIAN_BUILD = re.compile(r"\bDebian (\d\S*)")


@dataclass(frozen=True, slots=True)
class RebootFacts:
    flag: str | None = None  # the reboot-required file when it exists
    flag_packages: tuple[str, ...] = ()  # what reboot-required.pkgs names
    live: bool = False
    running: str | None = None  # the running kernel's release (live only)
    running_build: str | None = None  # its package version from /proc/version (Debian, Ubuntu)


def parse_reboot_packages(text: str) -> tuple[str, ...]:
    """Pure, never raises. reboot-required.pkgs: one package name a line (repeats dropped)."""
    return tuple(dict.fromkeys(word for line in text.splitlines() for word in line.split()[:1]))


def parse_build(proc_version: str, signature: str = "", release: str = "") -> str | None:
    """Pure, never raises. The running image's package version: `Debian 6.1.76-1` in /proc/version, or
    Ubuntu's /proc/version_signature `Ubuntu 5.15.0-91.101-generic 5.15.131` -> `5.15.0-91.101`."""
    words = signature.split()
    if len(words) >= 2 and words[0] == "Ubuntu":
        flavour = release.split("-", 2)[-1] if release.count("-") >= 2 else ""
        build = words[1]
        return build[: -len(flavour) - 1] if flavour and build.endswith("-" + flavour) else build
    found = _DEBIAN_BUILD.findall(proc_version)  # the last: `(Debian 12.2.0-14)` before it is gcc's
    return found[-1] if found else None


def kernel_release(name: str) -> str | None:
    """`linux-image-6.1.0-18-amd64` -> `6.1.0-18-amd64`; None for meta packages (`linux-image-amd64`),
    debug symbols and anything else."""
    match = _KERNEL.match(name)
    if match is None or name.endswith("-dbg"):
        return None
    return match[1]


def installed_kernels(packages: PackagesFacts) -> tuple[DpkgPackage, ...]:
    """Installed kernel image packages, oldest first (Debian version ordering)."""
    found = [p for p in packages.packages.values() if p.installed and kernel_release(p.name) is not None]
    ordered: list[DpkgPackage] = []
    for package in found:  # an insertion sort: a host has a handful of kernels
        at = next((i for i, known in enumerate(ordered) if newer(known.version, package.version)), None)
        ordered.insert(len(ordered) if at is None else at, package)
    return tuple(ordered)
