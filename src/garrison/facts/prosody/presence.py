"""Whether Prosody is a subject on the target, without loading the Prosody pack: the same test
`gather_prosody` raises `SubjectAbsent` on (none of its configuration files is there)."""

from __future__ import annotations

from garrison.options import AuditOptions
from garrison.targets.base import Target

CONFIG_PATHS = ("/etc/prosody/prosody.cfg.lua", "/usr/local/etc/prosody/prosody.cfg.lua")
ABSENT = "Prosody is not configured (no prosody.cfg.lua)"


def absence(target: Target, options: AuditOptions) -> str | None:
    """Why Prosody is not a subject here, or None when it is."""
    return None if any(target.stat(p) is not None for p in CONFIG_PATHS) else ABSENT
