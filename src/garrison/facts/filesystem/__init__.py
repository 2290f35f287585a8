"""filesystem facts: mount options (fstab, live mounts), a bounded scan of system directories, and the
modes and owners of security-sensitive files and private keys."""

from __future__ import annotations

from garrison.facts.filesystem.guided import GuidedPathsFacts, gather_guided_paths
from garrison.facts.filesystem.mounts import MountEntry, MountFacts, gather_mounts, parse_fstab
from garrison.facts.filesystem.scan import FileScanFacts, ScanBound, gather_file_scan
from garrison.facts.filesystem.sensitive import (
    CRON_DIRS,
    CRONTAB,
    SUDOERS,
    SUDOERS_D,
    PrivateKeyFile,
    SensitiveFilesFacts,
    gather_sensitive_files,
    private_key_kind,
)
from garrison.facts.filesystem.setuid import SetuidFacts, SpecialFile, StatOverride, gather_setuid_files
from garrison.facts.filesystem.shared import SharedTreesFacts, gather_shared_trees
from garrison.facts.filesystem.shipped import BY_PATH as SHIPPED_SPECIAL
from garrison.facts.filesystem.shipped import ModeSource, ShippedSpecial, canonical
from garrison.facts.filesystem.tempmounts import MountSource, TempMount, TempMountsFacts, gather_temp_mounts
from garrison.facts.store import Gatherer, NeedsFacts
from garrison.options import AuditOptions
from garrison.targets.base import FileKind, FileStat

__all__ = [
    "CRONTAB",
    "CRON_DIRS",
    "SHIPPED_SPECIAL",
    "SUDOERS",
    "SUDOERS_D",
    "FileKind",
    "FileScanFacts",
    "FileStat",
    "GuidedPathsFacts",
    "ModeSource",
    "MountEntry",
    "MountFacts",
    "MountSource",
    "PrivateKeyFile",
    "ScanBound",
    "SensitiveFilesFacts",
    "SetuidFacts",
    "SharedTreesFacts",
    "ShippedSpecial",
    "SpecialFile",
    "StatOverride",
    "TempMount",
    "TempMountsFacts",
    "canonical",
    "gather_file_scan",
    "gather_guided_paths",
    "gather_mounts",
    "gather_sensitive_files",
    "gather_setuid_files",
    "gather_shared_trees",
    "gather_temp_mounts",
    "gatherers",
    "parse_fstab",
    "private_key_kind",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {
        MountFacts: gather_mounts,
        FileScanFacts: gather_file_scan,
        SensitiveFilesFacts: gather_sensitive_files,
        GuidedPathsFacts: gather_guided_paths,
        TempMountsFacts: gather_temp_mounts,
        SharedTreesFacts: gather_shared_trees,
        SetuidFacts: NeedsFacts(gather_setuid_files),
    }
