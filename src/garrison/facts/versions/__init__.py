"""Installed program versions (dpkg status, live banners), for packs that judge by the version's defaults.

Modules: model (Program, InstalledVersion, InstalledVersions, upstream_numbers), parse (version banners),
gather (I/O). A pack's gatherer asks the store for `InstalledVersions` (wrap it in `NeedsFacts` and declare
`needs=(InstalledVersions,)`); None for a program means "unknown version": judge by the pack's reference
version and say so.
"""

from __future__ import annotations

from garrison.facts.store import Gatherer, NeedsFacts
from garrison.facts.versions.model import (
    PACKAGES,
    InstalledVersion,
    InstalledVersions,
    Program,
    VersionSource,
    upstream_numbers,
)
from garrison.options import AuditOptions

__all__ = [
    "PACKAGES",
    "InstalledVersion",
    "InstalledVersions",
    "Program",
    "VersionSource",
    "gatherers",
    "upstream_numbers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.versions.gather import gather_installed_versions

    return {InstalledVersions: NeedsFacts(gather_installed_versions)}
