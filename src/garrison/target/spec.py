"""Turn what the user typed (`--root DIR`, nothing, later `ssh://host`) into a Target."""

from __future__ import annotations

from garrison.errors import UsageError
from garrison.target.base import Target


def open_target(root: str | None) -> Target:
    """`None` means this machine, live; a directory means an offline root tree."""
    if root is None:
        from garrison.target.local import LocalTarget

        return LocalTarget()
    if root.startswith("ssh://"):
        raise UsageError("ssh:// targets are not supported yet; audit a mounted root with --root DIR")
    from garrison.target.rootdir import RootDirTarget

    return RootDirTarget(root)
